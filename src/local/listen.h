// Opening a listening socket for the servers of `sls offline` (http_server.cc,
// websocket_server.cc): the host resolved (its IPv4 address first, as most
// clients try "localhost" that way), SO_REUSEADDR, bind, listen. Internal: Asio
// types, included by .cc files only.
#pragma once
#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace sls::local {

// Throws UserError OFFLINE_BAD_HOST / OFFLINE_LISTEN_FAILED (naming `option`
// when the port is taken).
void listen_on(boost::asio::ip::tcp::acceptor& acceptor, const std::string& host, unsigned short port,
               const char* option);

}  // namespace sls::local
