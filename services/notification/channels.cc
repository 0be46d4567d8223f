#include "services/notification/channels.h"

#include <utility>

#include "services/notification/delivery/senders.h"

namespace anju::notification {

std::map<v1::Channel, Sender*> Channels::senders() const {
  std::map<v1::Channel, Sender*> out;
  for (const auto& [channel, sender] : owned_) out[channel] = sender.get();
  return out;
}

void Channels::Add(v1::Channel channel, std::unique_ptr<Sender> sender) {
  owned_[channel] = std::move(sender);
}

absl::StatusOr<Channels> MakeChannels(const NotificationSettings& settings,
                                      const common::Logger& log) {
  Channels channels;
  // The SMTP and webhook senders (delivery/) are wired here once merged.
  log.Warning(
      "e-mail and webhook channels not built in: their deliveries "
      "become dead letters",
      {{"smtp_url", settings.smtp.url}});
  return channels;
}

}  // namespace anju::notification
