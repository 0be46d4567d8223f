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
  if (settings.smtp.url.empty()) {
    log.Warning("no smtp.url: e-mail deliveries become dead letters");
  } else {
    channels.Add(v1::CHANNEL_EMAIL, NewSmtpSender(settings.smtp));
  }
  channels.Add(v1::CHANNEL_WEBHOOK, NewWebhookSender(settings.webhook));
  log.Info("delivery channels",
           {{"smtp_url", settings.smtp.url},
            {"smtp_tls_required", settings.smtp.require_tls}});
  return channels;
}

}  // namespace anju::notification
