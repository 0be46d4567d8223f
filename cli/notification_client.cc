#include "cli/notification_client.h"

namespace anju::cli {

NotificationClient::NotificationClient(Endpoint endpoint)
    : endpoint_(std::move(endpoint)),
      stub_(anju::v1::NotificationService::NewStub(endpoint_.NewChannel())) {}

absl::StatusOr<std::unique_ptr<NotificationClient>> ConnectNotification(
    const GlobalOptions& global) {
  absl::StatusOr<Endpoint> endpoint =
      EndpointFor(global, "notification service", global.notification);
  if (!endpoint.ok()) return endpoint.status();
  return std::make_unique<NotificationClient>(*std::move(endpoint));
}

}  // namespace anju::cli
