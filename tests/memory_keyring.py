"""An in-memory keyring backend for unit tests only (CI also runs the real Secret Service)."""

from keyring.backend import KeyringBackend
from keyring.compat import properties
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    # keyring auto-discovers every KeyringBackend subclass; a priority that raises keeps this
    # one out of automatic selection, so it is only ever used when a test passes it in.
    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805
        raise RuntimeError("explicit use only")

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError(username)
