"""The product adapters a run can use instead of the trigger API (`-D csms_adapter=NAME`)."""
import difflib


def _citrineos(config):
    from .citrineos import CitrineOsAdapter
    return CitrineOsAdapter.from_config(config)


ADAPTERS = {"citrineos": _citrineos}


def build_adapter(name, config):
    """The adapter called `name`, built from the run's settings; a clear error for an unknown name."""
    key = (name or "").strip().lower()
    if key not in ADAPTERS:
        known = ", ".join(sorted(ADAPTERS))
        close = difflib.get_close_matches(key, ADAPTERS, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise ValueError(f"unknown csms_adapter {name!r}{hint}; known adapters: {known}")
    return ADAPTERS[key](config)
