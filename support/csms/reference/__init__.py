"""The reference CSMS: an in-memory, conformant OCPP 2.0.1 CSMS, the embedded default system under
test of the CSMS features. One module per OCPP functional block; `ReferenceCsms` combines them."""
from .core import CsmsCore, Faults, now_iso
from .provisioning import Provisioning
from .authorization import Authorization
from .transactions import Transactions


class ReferenceCsms(Provisioning, Authorization, Transactions, CsmsCore):
    """Handlers are `on_<Action>` methods of the block mixins; faults are declared by each block."""


__all__ = ["ReferenceCsms", "Faults", "now_iso"]
