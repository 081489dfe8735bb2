"""The reference charging station: OCPP 2.0.1 (station), its 1.6J version (ocpp16), its TLS client
(tls), the HTTP control API for physical actions (control); `python -m support.reference.station`."""
