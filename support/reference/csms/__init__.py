"""The reference CSMS: an in-memory, conformant OCPP 2.0.1 CSMS, the embedded default system under
test of the CSMS features. One module per OCPP functional block, and ocpp16/ for OCPP 1.6J (the
version layer and a mixin per 1.6 feature profile); `ReferenceCsms` combines them."""
from .core import CsmsCore, Faults, now_iso
from .availability import Availability
from .reservation import Reservations
from .provisioning import Provisioning
from .authorization import Authorization
from .transactions import Transactions
from .meter_values import MeterValues
from .tariff import Tariff
from .diagnostics import Diagnostics
from .monitoring import Monitoring
from .customer import CustomerInformation
from .local_list import LocalListManagement
from .remote_control import RemoteControl
from .data_transfer import DataTransfer
from .firmware import FirmwareManagement
from .display import DisplayMessages
from .smart_charging import SmartCharging
from .security import Security
from .certificates import Certificates
from .ocpp16 import MIXINS16, Ocpp16


class ReferenceCsms(*MIXINS16, Ocpp16, FirmwareManagement, DisplayMessages, Availability, Reservations, Diagnostics, Monitoring, CustomerInformation, MeterValues, Tariff, Provisioning, Security, Certificates, Authorization,
                    LocalListManagement, RemoteControl, DataTransfer, SmartCharging, Transactions, CsmsCore):
    """Handlers are `on_<Action>` methods of the block mixins; faults are declared by each block."""


__all__ = ["ReferenceCsms", "Faults", "now_iso"]
