from django.apps import AppConfig


class FrontendExportConfig(AppConfig):
    name = "frontend_export"
    verbose_name = "Static export"

    def ready(self) -> None:
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms.models import SITE_PAGE_TYPES
        from cms.rendering import register_page_renderer
        from jobs.signals import listings_changed

        from . import preview, receivers

        register_page_renderer(preview.render_page)
        for model in SITE_PAGE_TYPES:
            for name, signal in (("published", page_published), ("unpublished", page_unpublished),
                                 ("moved", post_page_move), ("deleted", post_delete)):
                signal.connect(receivers.page_changed, sender=model, dispatch_uid=f"export-{name}-{model.__name__}")
        listings_changed.connect(receivers.listings_changed, dispatch_uid="export-listings-changed")
