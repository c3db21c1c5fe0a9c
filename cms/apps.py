from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Career content"

    def ready(self) -> None:
        from . import signals

        signals.connect()
