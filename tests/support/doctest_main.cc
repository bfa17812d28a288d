// The tests' main: doctest's, plus one rule. A run that a filter left with
// no test case at all fails, saying so. ctest runs each case by its name
// (`--test-case=<name>`); a name the discovery mangles (CMake once split
// names at `;`) would otherwise run nothing and pass, a test that cannot fail.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>

namespace {

int cases_passing_filters = -1;  // not a run (listing, --help): no rule

struct CountCasesRun : doctest::IReporter {
    explicit CountCasesRun(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats& stats) override {
        cases_passing_filters = static_cast<int>(stats.numTestCasesPassingFilters);
    }
    void test_case_start(const doctest::TestCaseData&) override {}
    void test_case_reenter(const doctest::TestCaseData&) override {}
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("count_cases_run", 1, CountCasesRun);

}  // namespace

int main(int argc, char** argv) {
    doctest::Context context(argc, argv);
    const int result = context.run();
    if (context.shouldExit()) return result;
    if (cases_passing_filters == 0) {
        std::fprintf(stderr,
                     "no test case matched the filters: a name given to --test-case that "
                     "matches no TEST_CASE runs nothing, so this run fails\n");
        return result == 0 ? 1 : result;
    }
    return result;
}
