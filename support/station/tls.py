"""TLS for the test station: security profile 2 (server certificate checked) and 3 (plus a
client certificate), and deliberately weak settings for the negative cases."""
import ssl


def client_context(ca_path, cert_path=None, key_path=None, maximum_version=None, check_hostname=True):
    """A client TLS context trusting `ca_path`; with cert/key it presents a client certificate.
    `maximum_version` (e.g. ssl.TLSVersion.TLSv1_1) makes a station that offers only old TLS."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = check_hostname
    context.load_verify_locations(ca_path)
    if maximum_version is not None:
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.maximum_version = maximum_version
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    if cert_path:
        context.load_cert_chain(cert_path, key_path)
    return context
