#include "local/listen.h"

#include <boost/asio.hpp>

#include "util/error.h"

namespace sls::local {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

void listen_on(tcp::acceptor& acceptor, const std::string& host, unsigned short port, const char* option) {
  boost::system::error_code ec;
  tcp::resolver resolver(acceptor.get_executor());
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) throw UserError("Cannot resolve host \"" + host + "\": " + ec.message(), "OFFLINE_BAD_HOST");
  tcp::endpoint endpoint = results.begin()->endpoint();
  for (const auto& r : results)
    if (r.endpoint().address().is_v4()) {
      endpoint = r.endpoint();
      break;
    }
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw UserError("Cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message() +
                        (ec == asio::error::address_in_use ? std::string(" (use ") + option + " to pick another port)"
                                                           : std::string()),
                    "OFFLINE_LISTEN_FAILED");
}

}  // namespace sls::local
