#pragma once
// TLS for every connection to Slack: peer certificates verified against the
// system store (SSL_CERT_FILE / SSL_CERT_DIR honoured), the host name checked
// against the certificate, SNI sent. There is no switch to turn this off:
// tests trust their own CA through SSL_CERT_FILE instead.
#include <memory>
#include <string>

#include <openssl/ssl.h>
#include <boost/asio/ssl/context.hpp>

#include "core/result.hpp"

namespace slack {

using TlsContext = boost::asio::ssl::context;

core::Result<std::shared_ptr<TlsContext>> make_client_tls_context();

// Whether `path` reads as a PEM file of CA certificates (SSL_CERT_FILE): the
// reason when it does not, such as a missing file or one with no certificate.
core::Result<bool> check_ca_file(const std::string& path);

// Per connection, before the handshake: SNI (skipped for IP literals, which
// RFC 6066 forbids there) and the name or address the certificate must match.
core::Result<bool> prepare_client_tls(SSL* ssl, const std::string& host);

// OpenSSL's reason for a failed handshake, e.g. "certificate verify failed".
std::string describe_tls_failure(SSL* ssl);

}  // namespace slack
