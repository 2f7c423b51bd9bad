"""VietQR bank transfers: the code the customer scans, and the bank's notice
that the money arrived.

Each transfer carries a reference ("OCOP" and ten hex digits of the
transaction token) in its description; the bank's notification names it, so
the money is matched to the right transaction without anyone typing.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction as db_transaction
from django.utils.translation import gettext as _

from . import vietqr
from .actions import record_event, transaction_changed
from .gateways import VIETQR
from .models import ProcessedNotification, TransactionAction, TransactionEventType, TransactionItem

SIGNATURE_HEADER = "X-Ocop-Bank-Signature"
REFERENCE_RE = re.compile(r"OCOP[0-9A-F]{10}")


def reference_for(transaction: TransactionItem) -> str:
    return "OCOP" + transaction.token.hex[:10].upper()


def transfer_data(transaction: TransactionItem, amount: Decimal) -> dict:
    """What the customer's page shows: the payload, its QR (SVG) and the
    details to type by hand when scanning is not possible."""
    reference = reference_for(transaction)
    payload = vietqr.build_payload(
        bank_bin=settings.VIETQR_BANK_BIN, account=settings.VIETQR_ACCOUNT_NUMBER,
        amount=int(amount), purpose=reference)
    bank = vietqr.BANKS.get(settings.VIETQR_BANK_BIN)
    return {
        "payload": payload,
        "qr_svg": vietqr.qr_svg(payload, title=_("VietQR %(reference)s") % {"reference": reference}),
        "bank": {"bin": settings.VIETQR_BANK_BIN, "name": bank.short_name if bank else ""},
        "account": {"number": settings.VIETQR_ACCOUNT_NUMBER, "name": settings.VIETQR_ACCOUNT_NAME},
        "amount": int(amount),
        "reference": reference,
    }


def sign(body: bytes, secret: str | None = None) -> str:
    secret = settings.VIETQR_WEBHOOK_SECRET if secret is None else secret
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_is_valid(body: bytes, signature: str | None) -> bool:
    if not settings.VIETQR_WEBHOOK_SECRET or not signature:
        return False
    return hmac.compare_digest(sign(body), signature.strip().lower())


class BadNotification(ValueError):
    pass


def parse_notification(body: bytes) -> dict:
    try:
        data = json.loads(body)
        notice = {
            "id": str(data["id"]),
            "amount": Decimal(str(data["amount"])),
            "description": str(data.get("description") or ""),
            "reference": str(data.get("reference") or ""),
        }
    except (ValueError, KeyError, TypeError, InvalidOperation) as exc:
        raise BadNotification(f"Expected JSON {{id, amount, description, reference}}: {exc}") from exc
    if not notice["id"] or notice["amount"] <= 0 or notice["amount"] != notice["amount"].to_integral_value():
        raise BadNotification("id must be set and amount a positive whole number of dong.")
    return notice


def handle_notification(notice: dict) -> str:
    """Record a bank's transfer notice once; returns what happened
    ("duplicate", "unmatched", "recorded")."""
    with db_transaction.atomic():
        try:
            with db_transaction.atomic():
                ProcessedNotification.objects.create(provider=VIETQR, event_id=notice["id"], event_type="transfer")
        except IntegrityError:
            return "duplicate"
        found = REFERENCE_RE.search(re.sub(r"\s+", "", notice["description"].upper()))
        item = None
        if found:
            item = (TransactionItem.objects.select_for_update()
                    .filter(gateway=VIETQR, psp_reference=found.group(0)).first())
        if item is None:
            # Kept as processed: a person looks at unmatched transfers in the bank statement.
            return "unmatched"
        record_event(item, TransactionEventType.CHARGE_SUCCESS, notice["amount"],
                     psp_reference=notice["reference"] or notice["id"],
                     message=_("Đã nhận chuyển khoản %(reference)s. (Bank transfer received.)") % {"reference": notice["reference"]})
        transaction_changed(item)
        item.refresh_from_db()
        from .initialize import amount_due

        source = item.order or item.checkout
        still_due = source is not None and amount_due(source) > 0
        item.available_actions = [TransactionAction.CHARGE] * still_due + [TransactionAction.REFUND]
        item.save(update_fields=["available_actions", "modified_at"])
        return "recorded"
