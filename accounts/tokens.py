"""Password-reset keys (allauth's generator): a staff account's key lives a short time.

Portal activation links use the same keys and keep PASSWORD_RESET_TIMEOUT (14 days); a staff
account's reset key expires after SPSTI_STAFF_PASSWORD_RESET_TIMEOUT (60 minutes): it opens an
account that reads health records (issue 10, item 12)."""

from allauth.account.forms import EmailAwarePasswordResetTokenGenerator
from django.conf import settings
from django.utils.http import base36_to_int


class StaffAwareTokenGenerator(EmailAwarePasswordResetTokenGenerator):
    def check_token(self, user, token) -> bool:
        if not super().check_token(user, token):
            return False
        if user is None or not user.is_service_staff:
            return True
        try:
            issued = base36_to_int(token.split("-", 1)[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - issued
        return age <= settings.SPSTI_STAFF_PASSWORD_RESET_TIMEOUT
