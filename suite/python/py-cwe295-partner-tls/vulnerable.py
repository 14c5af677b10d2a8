import ssl


def partner_tls_context(ca_file):
    ctx = ssl._create_unverified_context(cafile=ca_file)
    return ctx
