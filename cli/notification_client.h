#ifndef ANJU_CLI_NOTIFICATION_CLIENT_H_
#define ANJU_CLI_NOTIFICATION_CLIENT_H_

// The notification service (催报提醒与通知) as anjuctl calls it: one channel
// for the run, every RPC unary through Call.

#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "anju/v1/notification.grpc.pb.h"
#include "cli/command.h"
#include "cli/endpoint.h"

namespace anju::cli {

class NotificationClient {
 public:
  using Stub = anju::v1::NotificationService::StubInterface;
  template <typename Request, typename Response>
  using Method = grpc::Status (Stub::*)(grpc::ClientContext*, const Request&,
                                        Response*);

  explicit NotificationClient(Endpoint endpoint);
  // Tests: a mocked stub.
  NotificationClient(std::unique_ptr<Stub> stub, Endpoint endpoint)
      : endpoint_(std::move(endpoint)), stub_(std::move(stub)) {}

  // client.Call(&NotificationClient::Stub::ListContacts, request)
  template <typename Request, typename Response>
  absl::StatusOr<Response> Call(Method<Request, Response> method,
                                const Request& request) const {
    Response response;
    grpc::Status status = (stub_.get()->*method)(endpoint_.NewContext().get(),
                                                 request, &response);
    if (!status.ok()) return endpoint_.ToStatus(status);
    return response;
  }

 private:
  Endpoint endpoint_;
  std::unique_ptr<Stub> stub_;
};

// The client for --notification / ANJU_NOTIFICATION with --token-file.
absl::StatusOr<std::unique_ptr<NotificationClient>> ConnectNotification(
    const GlobalOptions& global);

template <typename Run>
absl::Status WithNotification(const GlobalOptions& global, Run run) {
  absl::StatusOr<std::unique_ptr<NotificationClient>> client =
      ConnectNotification(global);
  if (!client.ok()) return client.status();
  return run(**client);
}

}  // namespace anju::cli

#endif  // ANJU_CLI_NOTIFICATION_CLIENT_H_
