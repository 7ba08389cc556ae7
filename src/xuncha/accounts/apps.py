from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "xuncha.accounts"
    label = "accounts"
    verbose_name = "账号与权限"

    def ready(self) -> None:
        from xuncha.accounts import signals  # noqa: F401  (audit of sign-in events)
