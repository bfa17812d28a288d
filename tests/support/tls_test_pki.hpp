#pragma once
// Certificates made at test time (nothing committed): a throwaway CA and a
// server certificate it signs, to prove the client verifies peers for real.
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace test_support {

struct TestPki {
    std::string ca_cert_pem;
    std::string server_cert_pem;
    std::string server_key_pem;
};

// server_name goes into the certificate's subjectAltName (DNS).
TestPki make_test_pki(const std::string& server_name = "localhost");

std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const TestPki& pki);

// A file removed again when the object goes.
class TempFile {
  public:
    explicit TempFile(const std::string& content);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// Sets (or with nullptr unsets) an environment variable for one scope.
class ScopedEnv {
  public:
    ScopedEnv(std::string name, const char* value);
    ~ScopedEnv();
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

  private:
    std::string name_;
    bool had_ = false;
    std::string old_;
};

}  // namespace test_support
