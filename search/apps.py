from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "careersearch"
    verbose_name = "Search"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.models import SITE_PAGE_TYPES
        from jobs.signals import listings_changed

        from . import receivers
        from .models import Synonym

        for model in SITE_PAGE_TYPES:
            for name, signal in (("published", page_published), ("unpublished", page_unpublished),
                                 ("moved", post_page_move), ("deleted", post_delete)):
                signal.connect(receivers.page_changed, sender=model, dispatch_uid=f"search-{name}-{model.__name__}")
        listings_changed.connect(receivers.listings_changed, dispatch_uid="search-listings-changed")
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(receivers.synonyms_changed, sender=Synonym, dispatch_uid=f"search-synonyms-{name}")
