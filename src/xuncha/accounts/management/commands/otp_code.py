"""`xuncha otp_code USERNAME`: the current two-factor code of a demo account.

A demo tool: it reads the authenticator secret, so it refuses unless settings.XUNCHA_DEMO_TOOLS
is on (the default outside production).
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from xuncha.accounts.models import User


class Command(BaseCommand):
    help = "Print the current TOTP code of an account's confirmed authenticator (demo only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        if not settings.XUNCHA_DEMO_TOOLS:
            raise CommandError(
                "otp_code is a demo tool and is switched off on this installation "
                "(XUNCHA_DEMO_TOOLS is false). Use the person's authenticator app."
            )
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}.")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            raise CommandError(f"{user.username} has no confirmed authenticator.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = time.time()
        totp.time = now
        remaining = device.step - int(now - device.t0) % device.step
        self.stdout.write(f"{totp.token():0{device.digits}d}")
        self.stderr.write(f"valid for about {remaining} more seconds; a code is accepted once")
