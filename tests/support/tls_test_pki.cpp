#include "tests/support/tls_test_pki.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace test_support {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
    void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void check(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

Key new_key() {
    Key key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EC key generation");
    return key;
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value);
    check(ext != nullptr, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

Cert new_cert(EVP_PKEY* key, const std::string& common_name, long serial) {
    Cert cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key);
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                               0);
    return cert;
}

template <class Write>
std::string to_pem(Write write) {
    BIO* bio = BIO_new(BIO_s_mem());
    check(write(bio) == 1, "PEM encoding");
    char* data = nullptr;
    long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return pem;
}

}  // namespace

TestPki make_test_pki(const std::string& server_name) {
    Key ca_key = new_key();
    Cert ca = new_cert(ca_key.get(), "incident-bot test CA", 1);
    X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
    add_extension(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
    add_extension(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
    check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "CA signature");

    Key server_key = new_key();
    Cert server = new_cert(server_key.get(), server_name, 2);
    X509_set_issuer_name(server.get(), X509_get_subject_name(ca.get()));
    add_extension(server.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
    add_extension(server.get(), ca.get(), NID_key_usage, "critical,digitalSignature");
    add_extension(server.get(), ca.get(), NID_ext_key_usage, "serverAuth");
    add_extension(server.get(), ca.get(), NID_subject_alt_name, ("DNS:" + server_name).c_str());
    add_extension(server.get(), ca.get(), NID_authority_key_identifier, "keyid");
    check(X509_sign(server.get(), ca_key.get(), EVP_sha256()) > 0, "server signature");

    TestPki pki;
    pki.ca_cert_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, ca.get()); });
    pki.server_cert_pem = to_pem([&](BIO* bio) { return PEM_write_bio_X509(bio, server.get()); });
    pki.server_key_pem = to_pem([&](BIO* bio) {
        return PEM_write_bio_PrivateKey(bio, server_key.get(), nullptr, nullptr, 0, nullptr,
                                        nullptr);
    });
    return pki;
}

std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const TestPki& pki) {
    using boost::asio::ssl::context;
    auto tls = std::make_shared<context>(context::tls_server);
    tls->use_certificate_chain(boost::asio::buffer(pki.server_cert_pem));
    tls->use_private_key(boost::asio::buffer(pki.server_key_pem), context::pem);
    return tls;
}

TempFile::TempFile(const std::string& content) {
    char name[] = "/tmp/incident-bot-test-XXXXXX";
    int fd = ::mkstemp(name);
    check(fd >= 0, "temporary file");
    ::close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary) << content;
}

TempFile::~TempFile() {
    std::remove(path_.c_str());
}

ScopedEnv::ScopedEnv(std::string name, const char* value) : name_(std::move(name)) {
    if (const char* old = std::getenv(name_.c_str())) {
        had_ = true;
        old_ = old;
    }
    if (value) {
        ::setenv(name_.c_str(), value, 1);
    } else {
        ::unsetenv(name_.c_str());
    }
}

ScopedEnv::~ScopedEnv() {
    if (had_) {
        ::setenv(name_.c_str(), old_.c_str(), 1);
    } else {
        ::unsetenv(name_.c_str());
    }
}

}  // namespace test_support
