"""Test PKI and OCSP responder (security profiles 2 and 3); arrives with the security features."""
