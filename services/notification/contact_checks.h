#ifndef ANJU_SERVICES_NOTIFICATION_CONTACT_CHECKS_H_
#define ANJU_SERVICES_NOTIFICATION_CONTACT_CHECKS_H_

// What a contact may hold: checked before anything is written, so that a
// careless or hostile caller cannot store a header-injecting address, a
// non-HTTP webhook or an unbounded string.

#include "absl/status/status.h"
#include "anju/v1/notification.pb.h"

namespace anju::notification {

struct ContactLimits {
  int max_name_bytes = 128;
  int max_email_bytes = 254;
  int max_url_bytes = 2048;
  int max_secret_bytes = 256;
  int max_id_bytes = 64;
  int max_contacts_per_org = 50;
};

// INVALID_ARGUMENT naming the field ("contact.email: …").
absl::Status CheckContact(const v1::Contact& contact,
                          const ContactLimits& limits);

}  // namespace anju::notification

#endif  // ANJU_SERVICES_NOTIFICATION_CONTACT_CHECKS_H_
