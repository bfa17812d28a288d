// The single translation unit that compiles Boost.Asio, Asio SSL and Beast
// (BOOST_*_SEPARATE_COMPILATION is set for every target): every other file
// includes only declarations, which keeps rebuilds of the bot fast.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
