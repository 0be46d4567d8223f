#include "cli/notification_client.h"

namespace anju::cli {

NotificationClient::NotificationClient(Endpoint endpoint)
    : endpoint_(std::move(endpoint)),
      stub_(anju::v1::NotificationService::NewStub(endpoint_.NewChannel())) {}

absl::StatusOr<std::unique_ptr<NotificationClient>> ConnectNotification(
    const GlobalOptions& global) {
  absl::StatusOr<std::string> token = ReadTokenFile(global.token_file);
  if (!token.ok()) return token.status();
  return std::make_unique<NotificationClient>(Endpoint{
      "notification service", global.notification, global.timeout(), *token});
}

}  // namespace anju::cli
