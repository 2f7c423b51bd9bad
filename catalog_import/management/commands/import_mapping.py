"""./shop manage import_mapping list | show NAME | save NAME ... | delete NAME

Saved column mappings (ImportMapping) for sources whose sheets the automatic
header matching does not recognise; used with `import_catalog FILE --mapping NAME`.

    import_mapping save hop-tac-xa-a --description "Bảng kê của HTX A" \\
        "Mã hàng nội bộ XYZ=sku" "Giá bán lẻ Bát Tràng=price@bat-trang" "Ghi chú="
    import_mapping save hop-tac-xa-a --from-sheet bang-ke.xlsx "Mã hàng nội bộ XYZ=sku"

"Header=key" maps a header (as written in the sheet) to a field key; "Header=" ignores
the column on purpose. --from-sheet reads the sheet's header and pre-fills every
column the automatic matching recognises, so only the others need to be given.
`save` replaces the whole mapping of NAME. Exit code 2 when anything is wrong; nothing
is saved then."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug
from django.db import transaction

from catalog_import import readers
from catalog_import.fields import FIELDS, PARAMETERISED
from catalog_import.headers import is_valid_key, match_headers, normalize_header
from catalog_import.models import ImportMapping

RESERVED_NAMES = frozenset({"new"})  # /dashboard/imports/mappings/new/ is the create page


def valid_keys_text() -> str:
    keys = [f.key for f in FIELDS]
    keys += [f"{key}@<{'channel' if key == 'price' else 'warehouse'}-slug>" for key in sorted(PARAMETERISED)]
    return ", ".join(keys)


def _fail(message: str):
    return CommandError(message, returncode=2)


def parse_entry(entry: str) -> tuple[str, str]:
    """ "Mã hàng XYZ=sku" -> ("Mã hàng XYZ", "sku"); "Ghi chú=" -> ("Ghi chú", "")."""
    header, sep, key = entry.rpartition("=")
    if not sep or not header.strip():
        raise ValueError(
            f"“{entry}” không có dạng \"Tiêu đề=trường\" / “{entry}” is not of the form \"Header=key\""
        )
    return header.strip(), key.strip()


def column_problems(columns: dict[str, str]) -> list[str]:
    """One message per bad entry (unknown key, same header twice), naming the header."""
    problems = []
    seen: dict[str, str] = {}
    for header, key in columns.items():
        folded = normalize_header(header)
        if not folded:
            problems.append(f"Tiêu đề “{header}” trống / header “{header}” is empty")
            continue
        if folded in seen and seen[folded] != header:
            problems.append(
                f"Tiêu đề “{header}” trùng với “{seen[folded]}” / header “{header}” is the same as “{seen[folded]}”"
            )
        seen.setdefault(folded, header)
        if key and not is_valid_key(key):
            problems.append(
                f"Cột “{header}”: “{key}” không phải là trường nhập liệu / column “{header}”: “{key}” "
                f"is not an import field"
            )
    return problems


class _IntermixedParser(CommandParser):
    """Options may come between the "Header=key" entries ("save NAME --description D A=b"):
    plain argparse would stop the entries at the first option."""

    _parsing = False

    def parse_known_args(self, args=None, namespace=None):
        if self._parsing:
            return super().parse_known_args(args, namespace)
        self._parsing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._parsing = False


class Command(BaseCommand):
    help = "List, show, save or delete saved column mappings of catalogue imports (--mapping NAME)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{list,show,save,delete}", parser_class=_IntermixedParser
        )
        sub.add_parser("list", help="saved mappings: name, description, number of columns")
        show = sub.add_parser("show", help="the header → field key table of a mapping")
        show.add_argument("name")
        save = sub.add_parser("save", help="create or replace a mapping")
        save.add_argument("name")
        save.add_argument("entries", nargs="*", metavar="Header=key", help='"Header=key"; "Header=" ignores a column')
        save.add_argument("--description")
        save.add_argument("--from-sheet", dest="from_sheet", metavar="FILE",
                          help="pre-fill the columns the automatic matching recognises in this sheet's header")
        save.add_argument("--sheet", help="sheet of an XLSX file for --from-sheet (default: the first)")
        delete = sub.add_parser("delete", help="delete a mapping")
        delete.add_argument("name")

    def handle(self, *args, **options):
        getattr(self, f"_{options['action']}")(options)

    # --- actions -------------------------------------------------------------------------

    def _list(self, options):
        mappings = list(ImportMapping.objects.order_by("name"))
        if not mappings:
            self.stdout.write("Chưa có bảng ánh xạ cột nào / no mappings saved yet.")
            return
        width = max(len(m.name) for m in mappings)
        for m in mappings:
            count = len(m.columns or {})
            self.stdout.write(f"{m.name:<{width}}  {count:>3} cột/columns  {m.description}".rstrip())

    def _get(self, name) -> ImportMapping:
        mapping = ImportMapping.objects.filter(name=name).first()
        if mapping is None:
            raise _fail(f"Không có bảng ánh xạ cột '{name}' / there is no mapping '{name}'")
        return mapping

    def _show(self, options):
        mapping = self._get(options["name"])
        self.stdout.write(f"{mapping.name}" + (f" — {mapping.description}" if mapping.description else ""))
        columns = mapping.columns or {}
        if not columns:
            self.stdout.write("(không có cột nào / no columns)")
            return
        width = max(len(h) for h in columns)
        for header, key in columns.items():
            self.stdout.write(f"  {header:<{width}}  →  {key or '(bỏ qua / ignored)'}")

    def _delete(self, options):
        mapping = self._get(options["name"])
        mapping.delete()
        self.stdout.write(f"Đã xoá bảng ánh xạ '{options['name']}' / mapping deleted")

    def _save(self, options):
        name = options["name"]
        problems = []
        try:
            validate_slug(name)
        except ValidationError:
            problems.append(
                f"Tên “{name}” chỉ được gồm chữ không dấu, số, '-' và '_' "
                f"/ the name “{name}” may only hold letters, digits, '-' and '_'"
            )
        if len(name) > ImportMapping._meta.get_field("name").max_length:
            problems.append(f"Tên “{name}” quá dài / the name “{name}” is too long")
        if name in RESERVED_NAMES:
            problems.append(f"Tên “{name}” được dành riêng / the name “{name}” is reserved")
        description = options.get("description")
        if description is not None and len(description) > ImportMapping._meta.get_field("description").max_length:
            problems.append("Mô tả quá dài (tối đa 250 ký tự) / the description is too long (250 characters at most)")

        columns: dict[str, str] = {}
        unrecognised: list[str] = []
        if options.get("from_sheet"):
            try:
                table = readers.read_table(options["from_sheet"], sheet=options.get("sheet"))
            except readers.SourceError as error:
                raise _fail(str(error)) from error
            match = match_headers(list(table.header), alternate=table.alternate_header)
            alternate = table.alternate_header or []
            for index, text in enumerate(table.header):
                header = text or (alternate[index] if index < len(alternate) else "") or ""
                if not header:
                    continue
                if index in match.columns:
                    columns[header] = match.columns[index]
                else:
                    unrecognised.append(header)

        explicit = set()
        for entry in options.get("entries") or ():
            try:
                header, key = parse_entry(entry)
            except ValueError as error:
                problems.append(str(error))
                continue
            # An explicit entry replaces a pre-filled one written slightly differently.
            folded = normalize_header(header)
            for existing in [h for h in columns if normalize_header(h) == folded and h not in explicit]:
                del columns[existing]
            columns[header] = key
            explicit.add(header)

        problems += column_problems(columns)
        if problems:
            if any("không phải là trường" in p for p in problems):
                problems.append(f"Các trường hợp lệ / valid keys: {valid_keys_text()}")
            raise _fail("\n".join(problems))
        if not columns:
            raise _fail(
                'Chưa có cột nào: hãy cho "Tiêu đề=trường" hoặc --from-sheet '
                '/ no columns: give "Header=key" entries or --from-sheet'
            )

        with transaction.atomic():
            mapping, created = ImportMapping.objects.select_for_update().get_or_create(
                name=name, defaults={"description": description or "", "columns": columns}
            )
            if not created:
                mapping.columns = columns
                if description is not None:
                    mapping.description = description
                mapping.save()
        verb = "Đã tạo / created" if created else "Đã thay / replaced"
        self.stdout.write(f"{verb} '{name}': {len(columns)} cột/columns")
        missing = [h for h in unrecognised if normalize_header(h) not in {normalize_header(c) for c in columns}]
        if missing:
            self.stdout.write(
                "Chưa nhận ra (sẽ bị bỏ qua khi nhập) / not recognised (ignored on import): "
                + ", ".join(f"“{h}”" for h in missing)
            )
            self.stdout.write('Thêm bằng / add with: "Tiêu đề=trường" ("Header=key"), "Tiêu đề=" để bỏ qua / to ignore')
