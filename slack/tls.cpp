#include "slack/tls.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <openssl/x509_vfy.h>
#include <boost/asio/ip/address.hpp>

namespace slack {

namespace {

// c_rehash's links: `<8 hex digits>.<n>`.
bool has_hashed_certificates(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto name = entry.path().filename().string();
        if (name.size() >= 10 && name[8] == '.' && name.find_first_not_of("0123456789abcdef") == 8)
            return true;
    }
    return false;
}

}  // namespace

core::Result<std::shared_ptr<TlsContext>> make_client_tls_context() {
    auto context = std::make_shared<TlsContext>(TlsContext::tls_client);
    context->set_options(TlsContext::default_workarounds | TlsContext::no_sslv2 |
                         TlsContext::no_sslv3 | TlsContext::no_tlsv1 | TlsContext::no_tlsv1_1);
    boost::system::error_code ec;
    const char* file = std::getenv("SSL_CERT_FILE");
    const char* dir = std::getenv("SSL_CERT_DIR");
    if (file != nullptr && *file != '\0') {
        context->load_verify_file(file, ec);
        if (ec) {
            return core::make_error("tls_setup", std::string("SSL_CERT_FILE=") + file +
                                                     " cannot be loaded: " + ec.message());
        }
    } else if (const std::string hashed = dir != nullptr && *dir != '\0'
                                              ? std::string(dir)
                                              : std::string(X509_get_default_cert_dir());
               has_hashed_certificates(hashed)) {
        // A hashed directory (Debian's /etc/ssl/certs) is read one CA at a
        // time, when a handshake needs it; the bundle file would parse every
        // CA at start-up, about a megabyte of heap and libcrypto for nothing.
        context->add_verify_path(hashed, ec);
    } else {
        context->set_default_verify_paths(ec);
    }
    if (ec) {
        return core::make_error("tls_setup", "cannot load the system CA store: " + ec.message());
    }
    context->set_verify_mode(boost::asio::ssl::verify_peer);
    return context;
}

core::Result<bool> check_ca_file(const std::string& path) {
    // OpenSSL says only "asio.ssl error" for a file it cannot open.
    std::FILE* file = std::fopen(path.c_str(), "r");
    if (file == nullptr)
        return core::make_error("tls_setup",
                                "`" + path + "` cannot be opened: " + std::strerror(errno));
    std::fclose(file);
    TlsContext context(TlsContext::tls_client);
    boost::system::error_code ec;
    context.load_verify_file(path, ec);
    if (ec)
        return core::make_error(
            "tls_setup", "`" + path + "` cannot be read as PEM CA certificates: " + ec.message());
    return true;
}

core::Result<bool> prepare_client_tls(SSL* ssl, const std::string& host) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(host, ec);
    bool is_ip = !ec;
    if (!is_ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
        return core::make_error("tls_setup", "cannot set TLS SNI for " + host);
    }
    // OpenSSL's own check (what asio's host_name_verification wraps): the
    // handshake fails with "certificate verify failed" on a name mismatch.
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int set = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, address.to_string().c_str())
                    : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    if (set != 1) return core::make_error("tls_setup", "cannot set TLS peer name " + host);
    SSL_set_verify(ssl, SSL_VERIFY_PEER, nullptr);
    return true;
}

std::string describe_tls_failure(SSL* ssl) {
    long result = SSL_get_verify_result(ssl);
    if (result == X509_V_OK) return {};
    return X509_verify_cert_error_string(result);
}

}  // namespace slack
