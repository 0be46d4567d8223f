#include "services/notification/notices.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/notification/clock.h"
#include "services/notification/delivery/senders.h"

namespace anju::notification {
namespace {

std::string OrgName(const orgs::OrgTree& tree, const std::string& code) {
  const orgs::Org* org = tree.FindByCode(code);
  return org == nullptr ? code : org->name;
}

// The texts of a planned notice.
void Render(const PlannedItem& item, int year, const orgs::OrgTree& tree,
            DeliveryRecord* out) {
  const std::string about = OrgName(tree, item.about_org);
  const std::string programmes = absl::StrJoin(item.programmes, "、");
  const std::string deadline = FormatShanghai(item.deadline);
  switch (item.kind) {
    case v1::NOTICE_KIND_REMINDER:
      out->subject = absl::StrCat("【催报提醒】", about, " ", year,
                                  " 年度绩效自评报告将于 ", deadline, " 截止");
      out->body = absl::StrCat(about, ": ", year,
                               " 年度绩效自评尚未报送的项目: ", programmes,
                               "。截止时间 ", deadline, ", 请及时填报并报送。");
      break;
    case v1::NOTICE_KIND_OVERDUE:
      out->subject =
          absl::StrCat("【逾期通知】", about, " ", year,
                       " 年度绩效自评报告已逾期 ", item.overdue_day, " 天");
      out->body = absl::StrCat(
          about, ": ", year, " 年度绩效自评报告已于 ", deadline,
          " 截止, 以下项目仍未报送: ", programmes, "。请尽快报送。");
      break;
    default:  // escalation
      out->subject =
          absl::StrCat("【逾期督办】", about, " ", year,
                       " 年度绩效自评报告逾期 ", item.overdue_day, " 天未报送");
      out->body = absl::StrCat(about, " 的 ", year, " 年度绩效自评报告已于 ",
                               deadline, " 截止, 逾期 ", item.overdue_day,
                               " 天仍未报送: ", programmes, "。请督促报送。");
  }
  out->fields = {{"year", absl::StrCat(year)},
                 {"programme", absl::StrJoin(item.programmes, ",")},
                 {"deadline", deadline},
                 {"about_org", item.about_org},
                 {"about_org_name", about}};
  if (item.overdue_day > 0) {
    out->fields["overdue_days"] = absl::StrCat(item.overdue_day);
  }
}

// Keys: year|org|kind[:about]|due|recipient|channel.
void SetKeys(const std::string& kind_part, const std::string& due_part,
             const std::string& recipient, DeliveryRecord* d) {
  const std::string head = absl::StrCat(d->year, "|", d->org, "|", kind_part);
  const std::string tail =
      absl::StrCat(recipient, "|", ChannelName(d->channel));
  d->idempotency_key = absl::StrCat(head, "|", due_part, "|", tail);
  d->group_key = absl::StrCat(head, "|", tail);
  d->message_id = DeliveryMessageId(d->idempotency_key);
}

// One delivery per recipient and channel, and one into the org's inbox
// when any recipient asked for it.
std::vector<DeliveryRecord> Expand(const DeliveryRecord& base,
                                   const std::vector<const v1::Contact*>& to,
                                   const std::string& kind_part,
                                   const std::string& due_part) {
  std::vector<DeliveryRecord> out;
  const v1::Contact* inbox = nullptr;
  for (const v1::Contact* contact : to) {
    if (contact->inbox() && inbox == nullptr) inbox = contact;
    for (v1::Channel channel : {v1::CHANNEL_EMAIL, v1::CHANNEL_WEBHOOK}) {
      const std::string& address = channel == v1::CHANNEL_EMAIL
                                       ? contact->email()
                                       : contact->webhook_url();
      if (address.empty()) continue;
      DeliveryRecord d = base;
      d.channel = channel;
      d.contact_id = contact->id();
      d.address = address;
      SetKeys(kind_part, due_part, contact->id(), &d);
      out.push_back(std::move(d));
    }
  }
  if (inbox != nullptr) {
    DeliveryRecord d = base;
    d.channel = v1::CHANNEL_INBOX;
    d.contact_id = inbox->id();
    d.address = "inbox";
    SetKeys(kind_part, due_part, "org-inbox", &d);
    out.push_back(std::move(d));
  }
  return out;
}

std::string KindPart(v1::NoticeKind kind, const std::string& org,
                     const std::string& about) {
  return about == org ? KindKey(kind) : absl::StrCat(KindKey(kind), ":", about);
}

}  // namespace

bool IsPlannedKind(v1::NoticeKind kind) {
  return kind == v1::NOTICE_KIND_REMINDER || kind == v1::NOTICE_KIND_OVERDUE ||
         kind == v1::NOTICE_KIND_ESCALATION;
}

const char* KindKey(v1::NoticeKind kind) {
  switch (kind) {
    case v1::NOTICE_KIND_REMINDER:
      return "reminder";
    case v1::NOTICE_KIND_OVERDUE:
      return "overdue";
    case v1::NOTICE_KIND_ESCALATION:
      return "escalation";
    case v1::NOTICE_KIND_REPORT_RETURNED:
      return "report_returned";
    case v1::NOTICE_KIND_REPORT_SUBMITTED:
      return "report_submitted";
    case v1::NOTICE_KIND_REVIEW_PUBLISHED:
      return "review_published";
    default:
      return "unspecified";
  }
}

const char* KindLabel(v1::NoticeKind kind) {
  switch (kind) {
    case v1::NOTICE_KIND_REMINDER:
      return "催报提醒";
    case v1::NOTICE_KIND_OVERDUE:
      return "逾期通知";
    case v1::NOTICE_KIND_ESCALATION:
      return "逾期督办";
    case v1::NOTICE_KIND_REPORT_RETURNED:
      return "退回通知";
    case v1::NOTICE_KIND_REPORT_SUBMITTED:
      return "报送通知";
    case v1::NOTICE_KIND_REVIEW_PUBLISHED:
      return "审核结果通知";
    default:
      return "通知";
  }
}

const char* ChannelName(v1::Channel channel) {
  switch (channel) {
    case v1::CHANNEL_INBOX:
      return "inbox";
    case v1::CHANNEL_EMAIL:
      return "email";
    case v1::CHANNEL_WEBHOOK:
      return "webhook";
    default:
      return "unspecified";
  }
}

std::string DeliveryMessageId(const std::string& idempotency_key) {
  Notice notice;
  notice.idempotency_key = idempotency_key;
  return MessageIdFor(notice, SmtpSettings().message_id_domain);
}

std::vector<DeliveryRecord> DeliveriesOf(const PlannedItem& item, int year,
                                         const orgs::OrgTree& tree) {
  DeliveryRecord base;
  base.year = year;
  base.kind = item.kind;
  base.org = item.org;
  base.about_org = item.about_org;
  base.programmes = item.programmes;
  base.due_time = item.due;
  base.next_attempt = item.due;
  Render(item, year, tree, &base);
  return Expand(base, item.recipients,
                KindPart(item.kind, item.org, item.about_org),
                absl::StrCat(absl::ToUnixSeconds(item.due)));
}

std::vector<DeliveryRecord> DeliveriesOfEvent(const v1::ReportEvent& event,
                                              absl::Time time,
                                              const ContactBook& contacts,
                                              const orgs::OrgTree& tree) {
  DeliveryRecord base;
  base.year = event.year();
  base.about_org = event.org();
  base.programmes = {event.programme()};
  base.due_time = time;
  base.next_attempt = time;
  const std::string about = OrgName(tree, event.org());
  const std::string what =
      absl::StrCat(about, " ", event.year(), " 年度 ", event.programme(),
                   " 绩效自评报告 (第 ", event.version(), " 版)");
  switch (event.kind()) {
    case v1::ReportEvent::KIND_RETURNED:
      base.kind = v1::NOTICE_KIND_REPORT_RETURNED;
      base.org = event.org();
      base.subject = absl::StrCat("【退回】", what, "被退回修改");
      base.body = absl::StrCat(what, "已被退回, 退回理由: ", event.reason(),
                               "。请修改后重新报送。");
      break;
    case v1::ReportEvent::KIND_SUBMITTED: {
      base.kind = v1::NOTICE_KIND_REPORT_SUBMITTED;
      const orgs::Org* org = tree.FindByCode(event.org());
      base.org = org == nullptr ? "" : org->parent;
      base.subject = absl::StrCat("【已报送】", what, "已报送");
      base.body = absl::StrCat(what, "已于 ", event.time(), " 报送, 请审阅。");
      break;
    }
    case v1::ReportEvent::KIND_REVIEWED:
      base.kind = v1::NOTICE_KIND_REVIEW_PUBLISHED;
      base.org = event.org();
      base.subject = absl::StrCat("【审核结果】", what, "已审核");
      base.body = absl::StrCat(what, "的自治区审核结果已发布, 请登录查看。");
      break;
    default:
      return {};
  }
  if (base.org.empty()) return {};
  base.fields = {{"year", absl::StrCat(event.year())},
                 {"programme", event.programme()},
                 {"about_org", event.org()},
                 {"about_org_name", about},
                 {"version", absl::StrCat(event.version())},
                 {"sequence", absl::StrCat(event.sequence())}};
  std::vector<const v1::Contact*> to;
  if (auto found = contacts.find(base.org); found != contacts.end()) {
    for (const v1::Contact& c : found->second) {
      if (Wants(c, base.kind)) to.push_back(&c);
    }
  }
  return Expand(base, to, KindPart(base.kind, base.org, event.org()),
                absl::StrCat("event-", event.sequence()));
}

v1::Delivery ToProto(const DeliveryRecord& r) {
  v1::Delivery d;
  d.set_id(absl::StrCat(r.id));
  d.set_idempotency_key(r.idempotency_key);
  d.set_kind(r.kind);
  d.set_channel(r.channel);
  d.set_org(r.org);
  d.set_contact_id(r.contact_id);
  d.set_address(r.address);
  d.set_subject(r.subject);
  d.set_state(r.state);
  d.set_attempts(r.attempts);
  d.set_last_error(r.last_error);
  if (r.state == v1::DELIVERY_STATE_PENDING) {
    d.set_next_attempt_time(FormatShanghai(r.next_attempt));
  }
  if (r.sent_time != absl::InfinitePast()) {
    d.set_sent_time(FormatShanghai(r.sent_time));
  }
  d.set_due_time(FormatShanghai(r.due_time));
  d.set_message_id(r.message_id);
  d.set_note(r.note);
  return d;
}

}  // namespace anju::notification
