"""The OCPP 1.6 layer of the test station (Central System under test), a module per 1.6 feature
profile: core, local_auth_list, firmware, reservation, remote_trigger, smart_charging, security;
common holds what they share. Each module has the station's default answers to its requests
(ANSWERS16, registered in answers.DEFAULTS16), what the station keeps of its answers (AFTER16) and
the scenario operations the steps call."""
from . import core, firmware, local_auth_list, remote_trigger, reservation, security, smart_charging

PROFILES = (core, local_auth_list, firmware, reservation, remote_trigger, smart_charging)


def register(defaults16, after16):
    """Add the profiles' answers to answers.DEFAULTS16 and AFTER16; security comes last, as it wraps
    the ChangeConfiguration answer already there (AuthorizationKey, SecurityProfile)."""
    for profile in PROFILES:
        defaults16.update(profile.ANSWERS16)
        after16.update(getattr(profile, "AFTER16", {}))
    security.register(defaults16, after16)
