"""OCPP 1.6J in the reference CSMS: the version layer (version.py) and a mixin per 1.6 feature
profile: core, local_auth_list, firmware, reservation, remote_trigger, smart_charging, security
(common holds what they share). MIXINS16 go before Ocpp16 in ReferenceCsms, in this order: they
chain to the version layer's on16_ handlers with super()."""
from .version import Ocpp16, STATUS_16, Transaction16, now16
from .core import CoreRecords16, CoreSessions16
from .local_auth_list import LocalAuthListManagement16
from .firmware import FirmwareManagement16
from .reservation import Reservations16
from .remote_trigger import RemoteTrigger16
from .smart_charging import SmartCharging16
from .security import Security16

MIXINS16 = (CoreSessions16, CoreRecords16, LocalAuthListManagement16, FirmwareManagement16, Reservations16,
            RemoteTrigger16, SmartCharging16, Security16)

__all__ = ["MIXINS16", "Ocpp16", "STATUS_16", "Transaction16", "now16", "CoreSessions16", "CoreRecords16",
           "LocalAuthListManagement16", "FirmwareManagement16", "Reservations16", "RemoteTrigger16",
           "SmartCharging16", "Security16"]
