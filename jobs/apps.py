from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Job listings"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, page_unpublished

        from cms.models import CareerPathPage

        from .models import Skill

        def patterns_may_have_changed(sender, **kwargs) -> None:
            from .services import path_patterns_changed

            path_patterns_changed()

        # Listings are classified by the title patterns of live path pages.
        for name, signal in (("published", page_published), ("unpublished", page_unpublished),
                             ("deleted", post_delete)):
            signal.connect(patterns_may_have_changed, sender=CareerPathPage, dispatch_uid=f"jobs-path-{name}")

        def vocabulary_changed(sender, **kwargs) -> None:
            from .services import skill_vocabulary_changed

            if not kwargs.get("raw"):
                skill_vocabulary_changed()

        # An editor's change to the skill vocabulary re-counts every open listing's skills.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(vocabulary_changed, sender=Skill, dispatch_uid=f"jobs-skill-{name}")
