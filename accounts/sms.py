"""Text messages (短信) through a backend named by SMS_BACKEND, like Django's e-mail backends:

- `accounts.sms.ConsoleBackend` (the embedded default): writes the message to the log (the runserver console), so a
  developer or an evaluator of the demo reads the code there;
- `accounts.sms.LocmemBackend` (the tests): keeps the messages in `accounts.sms.outbox`;
- `accounts.sms.HttpGatewayBackend`: POSTs {"phone", "text"} as JSON to SMS_GATEWAY_URL with the bearer token
  SMS_GATEWAY_TOKEN, the usual shape of a provincial government SMS gateway (政务短信平台) or of a small relay in
  front of 阿里云短信/腾讯云短信;
- any other provider is a class with `send(phone, text)` named in SMS_BACKEND. `manage.py check --deploy` warns
  while the console or locmem backend is set, or the gateway has no address.
"""
import json
import logging
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("tuoyu.sms")

outbox: list[tuple[str, str]] = []


class BaseBackend:
    def send(self, phone: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        logger.warning("SMS to %s: %s", phone, text)
        print(f"[SMS to {phone}] {text}", flush=True)  # noqa: T201 (the development backend's whole point)


class SmsError(RuntimeError):
    pass


class HttpGatewayBackend(BaseBackend):
    timeout = 10

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(settings.SMS_GATEWAY_URL, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (a setting)
                if response.status >= 300:
                    raise SmsError(f"SMS gateway answered {response.status}")
        except OSError as error:
            logger.error("SMS to %s not sent: %s", phone[:3] + "****" + phone[-4:], error)
            raise SmsError(str(error)) from error


class LocmemBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        outbox.append((phone, text))


def send_sms(phone: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(phone, text)
