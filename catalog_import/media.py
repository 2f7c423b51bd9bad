"""Pictures named by an import sheet: fetched from a URL or taken from the ZIP that
came with the sheet, checked to be a real picture of a sane size, and identified
by the sha256 of their bytes, so the same photo named twice (on two rows, in two
imports, by URL and by file) is one picture.

Everything here runs in the check phase, dry run included: a broken link or a
file missing from the ZIP is a refused row the person can fix before applying.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings

from .values import ValueProblem

ALLOWED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
FETCH_THREADS = 8


def max_image_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_IMAGE_BYTES", 20 * 1024 * 1024))


def max_image_pixels() -> int:
    return int(getattr(settings, "IMPORT_MAX_IMAGE_PIXELS", 50_000_000))


def fetch_timeout() -> float:
    return float(getattr(settings, "IMPORT_IMAGE_FETCH_TIMEOUT", 15))


@dataclass(frozen=True)
class Picture:
    reference: str  # as written in the sheet
    digest: str  # sha256 of the bytes
    data: bytes
    width: int
    height: int


def _fold_name(name: str) -> str:
    return unicodedata.normalize("NFC", name).strip().lower()


def is_url(reference: str) -> bool:
    return urllib.parse.urlsplit(reference).scheme.lower() in ("http", "https")


class PictureSource:
    """Resolves the references of one import; each reference is read once."""

    def __init__(self, images_zip=None):
        self._zip = None
        self._zip_names: dict[str, str] = {}
        self._cache: dict[str, Picture | ValueProblem] = {}
        if images_zip:
            try:
                self._zip = zipfile.ZipFile(images_zip)
            except (OSError, zipfile.BadZipFile) as error:
                raise ValueProblem(f"tệp ảnh ZIP không đọc được: {error}",
                                   f"the images ZIP cannot be read: {error}") from error
            for info in self._zip.infolist():
                if info.is_dir() or posixpath.basename(info.filename).startswith("."):
                    continue
                # "photos/Bình gốm.JPG" answers to its full path and to its bare file name.
                for key in (info.filename, posixpath.basename(info.filename)):
                    self._zip_names.setdefault(_fold_name(key), info.filename)

    def close(self):
        if self._zip is not None:
            self._zip.close()

    def prefetch(self, references) -> None:
        """Fetch every URL among `references` in parallel (files in the ZIP are
        read on demand: they are local)."""
        urls = sorted({r for r in references if is_url(r) and r not in self._cache})
        if not urls:
            return
        with ThreadPoolExecutor(max_workers=FETCH_THREADS) as pool:
            for reference, result in zip(urls, pool.map(self._load_quietly, urls)):
                self._cache[reference] = result

    def get(self, reference: str) -> Picture:
        """The picture, or ValueProblem saying what is wrong with the reference."""
        if reference not in self._cache:
            self._cache[reference] = self._load_quietly(reference)
        result = self._cache[reference]
        if isinstance(result, ValueProblem):
            raise result
        return result

    def _load_quietly(self, reference):
        try:
            data = self._fetch(reference) if is_url(reference) else self._unpack(reference)
            return _check_picture(reference, data)
        except ValueProblem as problem:
            return problem

    def _unpack(self, reference: str) -> bytes:
        if self._zip is None:
            raise ValueProblem(
                f"“{reference}” không phải là URL và không có tệp ZIP ảnh kèm theo; hãy gửi kèm tệp ZIP hoặc ghi URL đầy đủ",
                f"“{reference}” is not a URL and no images ZIP came with the sheet; attach the ZIP or write the full URL")
        name = self._zip_names.get(_fold_name(reference)) or self._zip_names.get(_fold_name(posixpath.basename(reference)))
        if name is None:
            raise ValueProblem(f"không có tệp “{reference}” trong tệp ZIP ảnh",
                               f"there is no file “{reference}” in the images ZIP")
        info = self._zip.getinfo(name)
        if info.file_size > max_image_bytes():
            raise _too_big(reference, info.file_size)
        return self._zip.read(info)

    def _fetch(self, url: str) -> bytes:
        _refuse_private_host(url)
        request = urllib.request.Request(url, headers={"User-Agent": "ocop-shop-import/1"})
        limit = max_image_bytes()
        try:
            with _opener().open(request, timeout=fetch_timeout()) as response:
                data = response.read(limit + 1)
        except ValueProblem:
            raise
        except urllib.error.HTTPError as error:
            raise ValueProblem(f"tải ảnh {url} bị lỗi HTTP {error.code}; hãy kiểm tra đường dẫn",
                               f"fetching {url} failed with HTTP {error.code}; check the link") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            raise ValueProblem(f"không tải được ảnh {url}: {reason}",
                               f"cannot fetch {url}: {reason}") from None
        if len(data) > limit:
            raise _too_big(url, len(data))
        return data


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another public http(s) address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_url(newurl):
            raise ValueProblem(f"ảnh {req.full_url} chuyển hướng tới “{newurl}”, không phải http(s)",
                               f"{req.full_url} redirects to “{newurl}”, which is not http(s)")
        _refuse_private_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener():
    return urllib.request.build_opener(_CheckedRedirects)


def _refuse_private_host(url: str) -> None:
    """A sheet's URL must point at the public internet: the server fetches it, so
    a link to 127.0.0.1, the private network or a cloud metadata address would
    let a sheet read what only the server can reach. Tests and a closed
    intranet can allow them with IMPORT_ALLOW_PRIVATE_URLS."""
    import ipaddress
    import socket

    if getattr(settings, "IMPORT_ALLOW_PRIVATE_URLS", False):
        return
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        raise ValueProblem(f"không tìm thấy máy chủ “{host}” của ảnh {url}",
                           f"the host “{host}” of {url} cannot be found") from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise ValueProblem(f"ảnh {url} nằm trên mạng nội bộ ({ip}); chỉ nhận đường dẫn công khai",
                               f"{url} points at a private address ({ip}); only public links are fetched")


def _too_big(reference, size):
    limit_mb = max_image_bytes() // (1024 * 1024)
    return ValueProblem(f"ảnh “{reference}” quá lớn ({size // (1024 * 1024)} MB); tối đa {limit_mb} MB",
                        f"picture “{reference}” is too big ({size // (1024 * 1024)} MB); the limit is {limit_mb} MB")


def _check_picture(reference: str, data: bytes) -> Picture:
    from PIL import Image, UnidentifiedImageError

    allowed = ", ".join(ALLOWED_FORMATS.values())
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind not in ALLOWED_FORMATS:
                raise ValueProblem(f"“{reference}” là ảnh {kind}; chỉ nhận {allowed}",
                                   f"“{reference}” is a {kind} picture; only {allowed} are accepted")
            if width * height > max_image_pixels():
                raise ValueProblem(f"ảnh “{reference}” quá lớn ({width}×{height} điểm ảnh)",
                                   f"picture “{reference}” is too large ({width}×{height} pixels)")
            image.verify()  # a truncated or corrupt file fails here
    except ValueProblem:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValueProblem(f"“{reference}” không phải là ảnh đọc được ({allowed})",
                           f"“{reference}” is not a readable picture ({allowed})") from None
    return Picture(reference, hashlib.sha256(data).hexdigest(), data, width, height)
