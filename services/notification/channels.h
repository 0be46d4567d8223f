#ifndef ANJU_SERVICES_NOTIFICATION_CHANNELS_H_
#define ANJU_SERVICES_NOTIFICATION_CHANNELS_H_

// The binary's delivery channels: the Senders of e-mail and webhooks built
// from the settings (the only place that knows the delivery/ factories).

#include <map>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "common/log.h"
#include "services/notification/delivery/sender.h"
#include "services/notification/settings.h"

namespace anju::notification {

class Channels {
 public:
  std::map<v1::Channel, Sender*> senders() const;
  void Add(v1::Channel channel, std::unique_ptr<Sender> sender);

 private:
  std::map<v1::Channel, std::unique_ptr<Sender>> owned_;
};

// A channel that is not configured (no smtp.url) is left out: its
// deliveries become dead letters naming the missing channel.
absl::StatusOr<Channels> MakeChannels(const NotificationSettings& settings,
                                      const common::Logger& log);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_CHANNELS_H_
