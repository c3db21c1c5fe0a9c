from django.apps import AppConfig


class FrontendExportConfig(AppConfig):
    name = "frontend_export"
    verbose_name = "Static export"
