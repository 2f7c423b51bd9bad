"""`manage.py webhook add|list|remove`: subscribe an endpoint (a supermarket's
system, a feed builder) to catalogue events, see the subscriptions, drop one."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, Q

from commerce.channel.models import Channel
from commerce.webhook.models import EventDeliveryStatus, Webhook, WebhookEventType


class Command(BaseCommand):
    help = "Manage webhook subscriptions: add NAME URL --events …, list, remove NAME."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("add", help="Subscribe URL to events (or change an existing webhook of that name).")
        add.add_argument("name")
        add.add_argument("url")
        add.add_argument("--events", required=True,
                         help="Comma-separated: " + ", ".join(WebhookEventType.values))
        add.add_argument("--secret", help="Key that signs each body (X-Ocop-Signature); a random one if not given.")
        add.add_argument("--channels", default="", help="Comma-separated channel slugs; every channel if not given.")
        add.add_argument("--inactive", action="store_true", help="Create it switched off.")
        actions.add_parser("list", help="Show webhooks and their pending and failed deliveries.")
        remove = actions.add_parser("remove", help="Delete a webhook and its deliveries.")
        remove.add_argument("name")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, name, url, events, secret=None, channels="", inactive=False, **options):
        events = [e.strip() for e in events.split(",") if e.strip()]
        unknown = sorted(set(events) - set(WebhookEventType.values))
        if unknown:
            raise CommandError(f"Unknown event(s) {', '.join(unknown)}; use {', '.join(WebhookEventType.values)}.")
        slugs = [s.strip() for s in channels.split(",") if s.strip()]
        found = list(Channel.objects.filter(slug__in=slugs))
        missing = sorted(set(slugs) - {c.slug for c in found})
        if missing:
            raise CommandError(f"No channel with slug {', '.join(missing)}.")
        webhook = Webhook.objects.filter(name=name).first() or Webhook(name=name)
        created = webhook.pk is None
        webhook.target_url, webhook.events, webhook.is_active = url, events, not inactive
        if secret is not None:
            webhook.secret_key = secret
        try:
            webhook.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items()))
        webhook.save()
        webhook.channels.set(found)
        self.stdout.write(f"{'Added' if created else 'Updated'} webhook {name} → {url} ({', '.join(events)})")
        if secret is None and created:
            self.stdout.write(f"Secret key (give it to the receiver to check X-Ocop-Signature): {webhook.secret_key}")

    def handle_list(self, **options):
        webhooks = Webhook.objects.prefetch_related("channels").annotate(
            pending=Count("deliveries", filter=Q(deliveries__status=EventDeliveryStatus.PENDING)),
            failed=Count("deliveries", filter=Q(deliveries__status=EventDeliveryStatus.FAILED)),
        )
        if not webhooks:
            self.stdout.write("No webhooks.")
        for webhook in webhooks:
            channels = ", ".join(c.slug for c in webhook.channels.all()) or "all channels"
            state = "active" if webhook.is_active else "inactive"
            self.stdout.write(f"{webhook.name}\t{webhook.target_url}\t{state}\t{','.join(webhook.events)}\t"
                              f"{channels}\tpending={webhook.pending} failed={webhook.failed}")

    def handle_remove(self, name, **options):
        deleted, _ = Webhook.objects.filter(name=name).delete()
        if not deleted:
            raise CommandError(f"No webhook named {name!r}.")
        self.stdout.write(f"Removed webhook {name}.")
