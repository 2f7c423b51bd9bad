"""Product pictures drawn with Pillow, so the demo needs no network and no stock photos.

Each picture is a soft gradient in the category's colours, a simple silhouette of
the kind of product (a vase, a scarf, a basket…) with a little pattern, and the
product's initials on a badge. The same product always gets the same bytes (the
randomness is seeded from its slug), so the loader can recognise a picture it
already stored by its hash.
"""

import hashlib
import io
import math
import random
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

SIZE = 1200
JPEG_QUALITY = 86


def _mix(a, b, t):
    return tuple(int(x + (y - x) * t) for x, y in zip(a, b))


@lru_cache(maxsize=32)
def _background(light, dark_hint) -> Image.Image:
    """A vertical gradient; cached because it is the slowest step and every
    product of a category shares it (callers draw on a copy)."""
    top = _mix(light, (255, 255, 255), 0.45)
    bottom = _mix(light, dark_hint, 0.12)
    mask = Image.linear_gradient("L").resize((SIZE, SIZE))
    return Image.composite(Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), mask)


@lru_cache(maxsize=1)
def _badge_font():
    try:
        return ImageFont.load_default(size=110)
    except (TypeError, ImportError):  # Pillow without FreeType: only a small bitmap font
        return None


def _badge_text(draw, centre, label):
    """The initials centred on the badge (a bitmap font cannot be anchored, so it is placed by hand)."""
    font = _badge_font()
    if font is None:
        draw.text((centre[0] - 6 * len(label), centre[1] - 6), label, fill=(255, 255, 255))
    else:
        draw.text(centre, label, fill=(255, 255, 255), font=font, anchor="mm")


# --- Silhouettes: each draws in a 1200x1200 canvas around its centre --------------------


def _vase(d, c, a, rng):
    cx = SIZE // 2
    neck, belly, foot = rng.randint(70, 110), rng.randint(230, 290), rng.randint(110, 150)
    points = []
    for i in range(41):
        t = i / 40
        y = 260 + t * 640
        w = neck + (belly - neck) * math.sin(math.pi * min(1, t * 1.15)) ** 1.4 if t < 0.87 else foot
        points.append((cx - w, y))
    d.polygon(points + [(2 * cx - x, y) for x, y in reversed(points)], fill=c)
    d.rectangle([cx - neck - 20, 240, cx + neck + 20, 275], fill=_mix(c, (0, 0, 0), 0.2))
    for k in range(3):
        y = 520 + k * 90
        d.arc([cx - 150, y - 40, cx + 150, y + 40], 0, 180, fill=a, width=10)


def _jar(d, c, a, rng):
    cx = SIZE // 2
    d.ellipse([cx - 300, 330, cx + 300, 900], fill=c)
    d.rectangle([cx - 150, 280, cx + 150, 360], fill=_mix(c, (0, 0, 0), 0.15))
    d.ellipse([cx - 170, 250, cx + 170, 310], fill=_mix(c, (0, 0, 0), 0.3))
    for k in range(6):
        ang = k * math.pi / 3 + rng.random()
        x, y = cx + 170 * math.cos(ang), 615 + 150 * math.sin(ang)
        d.ellipse([x - 38, y - 38, x + 38, y + 38], outline=a, width=9)


def _teapot(d, c, a, rng):
    cx = SIZE // 2 - 40
    d.ellipse([cx - 260, 420, cx + 260, 860], fill=c)
    d.polygon([(cx + 220, 600), (cx + 420, 470), (cx + 440, 500), (cx + 250, 700)], fill=c)
    d.arc([cx - 380, 500, cx - 140, 780], 90, 270, fill=c, width=40)
    d.ellipse([cx - 110, 360, cx + 110, 450], fill=_mix(c, (0, 0, 0), 0.25))
    d.ellipse([cx - 25, 320, cx + 25, 370], fill=a)
    d.line([(cx - 200, 640), (cx + 200, 640)], fill=a, width=12)


def _plate(d, c, a, rng):
    cx, cy = SIZE // 2, SIZE // 2 + 40
    d.ellipse([cx - 380, cy - 380, cx + 380, cy + 380], fill=c)
    d.ellipse([cx - 300, cy - 300, cx + 300, cy + 300], fill=_mix(c, (255, 255, 255), 0.75))
    petals = rng.randint(6, 10)
    for k in range(petals):
        ang = 2 * math.pi * k / petals
        x, y = cx + 150 * math.cos(ang), cy + 150 * math.sin(ang)
        d.ellipse([x - 70, y - 70, x + 70, y + 70], fill=a)
    d.ellipse([cx - 60, cy - 60, cx + 60, cy + 60], fill=c)


def _bowl(d, c, a, rng):
    cx = SIZE // 2
    d.chord([cx - 360, 300, cx + 360, 900], 0, 180, fill=c)
    d.ellipse([cx - 360, 560, cx + 360, 660], fill=_mix(c, (255, 255, 255), 0.6))
    d.rectangle([cx - 110, 890, cx + 110, 940], fill=_mix(c, (0, 0, 0), 0.2))
    d.line([(cx - 300, 760), (cx + 300, 760)], fill=a, width=14)


def _mug(d, c, a, rng):
    cx = SIZE // 2 - 60
    d.rounded_rectangle([cx - 230, 380, cx + 230, 920], 40, fill=c)
    d.arc([cx + 150, 480, cx + 400, 800], 270, 90, fill=c, width=45)
    d.rectangle([cx - 230, 560, cx + 230, 600], fill=a)
    d.ellipse([cx - 240, 330, cx + 240, 420], fill=_mix(c, (0, 0, 0), 0.25))


def _lamp(d, c, a, rng):
    cx = SIZE // 2
    d.polygon([(cx - 160, 250), (cx + 160, 250), (cx + 330, 580), (cx - 330, 580)], fill=a)
    d.rectangle([cx - 25, 580, cx + 25, 800], fill=_mix(c, (0, 0, 0), 0.3))
    d.ellipse([cx - 200, 780, cx + 200, 960], fill=c)


def _scarf(d, c, a, rng):
    folds = rng.randint(3, 5)
    for k in range(folds):
        x0 = 220 + k * 70
        y0 = 260 + k * 110
        d.polygon([(x0, y0), (x0 + 760, y0 + 60), (x0 + 700, y0 + 300), (x0 - 40, y0 + 240)],
                  fill=_mix(c, (255, 255, 255), k * 0.12))
    for k in range(8):
        x = 320 + k * 80
        d.line([(x, 900), (x - 20, 990)], fill=a, width=10)
    for k in range(12):
        x, y = rng.randint(300, 880), rng.randint(330, 760)
        d.ellipse([x - 14, y - 14, x + 14, y + 14], fill=a)


def _tie(d, c, a, rng):
    cx = SIZE // 2
    d.polygon([(cx - 60, 230), (cx + 60, 230), (cx + 35, 330), (cx - 35, 330)], fill=_mix(c, (0, 0, 0), 0.2))
    d.polygon([(cx - 35, 330), (cx + 35, 330), (cx + 150, 850), (cx, 980), (cx - 150, 850)], fill=c)
    for k in range(6):
        y = 420 + k * 85
        d.line([(cx - 100, y), (cx + 100, y + 40)], fill=a, width=12)


def _bag(d, c, a, rng):
    cx = SIZE // 2
    d.arc([cx - 190, 220, cx + 190, 600], 180, 360, fill=_mix(c, (0, 0, 0), 0.25), width=34)
    d.rounded_rectangle([cx - 320, 400, cx + 320, 940], 60, fill=c)
    for k in range(5):
        y = 480 + k * 95
        d.line([(cx - 290, y), (cx + 290, y)], fill=a, width=8)


def _fan(d, c, a, rng):
    cx, cy = SIZE // 2, 900
    d.pieslice([cx - 480, cy - 480, cx + 480, cy + 480], 200, 340, fill=c)
    for k in range(11):
        ang = math.radians(200 + k * 14)
        d.line([(cx, cy), (cx + 480 * math.cos(ang), cy + 480 * math.sin(ang))], fill=a, width=8)
    d.ellipse([cx - 40, cy - 40, cx + 40, cy + 40], fill=_mix(c, (0, 0, 0), 0.3))


def _shirt(d, c, a, rng):
    cx = SIZE // 2
    d.polygon([(cx - 200, 260), (cx - 420, 420), (cx - 340, 540), (cx - 250, 480), (cx - 250, 950),
               (cx + 250, 950), (cx + 250, 480), (cx + 340, 540), (cx + 420, 420), (cx + 200, 260)], fill=c)
    d.polygon([(cx - 90, 260), (cx, 380), (cx + 90, 260)], fill=a)
    for k in range(5):
        d.ellipse([cx - 12, 430 + k * 100, cx + 12, 454 + k * 100], fill=a)


def _box(d, c, a, rng):
    d.polygon([(260, 470), (600, 360), (940, 470), (600, 580)], fill=_mix(c, (255, 255, 255), 0.25))
    d.polygon([(260, 470), (600, 580), (600, 920), (260, 810)], fill=c)
    d.polygon([(600, 580), (940, 470), (940, 810), (600, 920)], fill=_mix(c, (0, 0, 0), 0.25))
    for k in range(5):
        x, y = 330 + k * 50, 560 + k * 20
        d.ellipse([x - 20, y - 20, x + 20, y + 20], fill=a)
    d.line([(600, 360), (600, 580)], fill=a, width=6)


def _painting(d, c, a, rng):
    d.rectangle([200, 260, 1000, 900], fill=_mix(c, (0, 0, 0), 0.35))
    d.rectangle([240, 300, 960, 860], fill=c)
    d.ellipse([720, 360, 860, 500], fill=a)
    d.polygon([(240, 860), (420, 560), (560, 720), (700, 520), (960, 860)], fill=_mix(c, (0, 0, 0), 0.45))
    d.line([(240, 760), (960, 740)], fill=_mix(a, (255, 255, 255), 0.3), width=6)


def _tray(d, c, a, rng):
    d.polygon([(200, 560), (1000, 560), (900, 820), (300, 820)], fill=c)
    d.polygon([(200, 560), (1000, 560), (960, 520), (240, 520)], fill=_mix(c, (255, 255, 255), 0.3))
    for k in range(3):
        x = 420 + k * 180
        d.ellipse([x - 55, 420, x + 55, 540], fill=a)


def _basket(d, c, a, rng):
    cx = SIZE // 2
    d.arc([cx - 260, 200, cx + 260, 720], 180, 360, fill=_mix(c, (0, 0, 0), 0.25), width=36)
    d.polygon([(cx - 360, 460), (cx + 360, 460), (cx + 280, 940), (cx - 280, 940)], fill=c)
    for k in range(7):
        y = 500 + k * 62
        d.line([(cx - 350 + k * 11, y), (cx + 350 - k * 11, y)], fill=a, width=10)
    for k in range(9):
        x = cx - 300 + k * 75
        d.line([(x, 470), (x + (cx - x) * 0.2, 930)], fill=_mix(c, (0, 0, 0), 0.2), width=8)


def _hat(d, c, a, rng):
    cx = SIZE // 2
    d.polygon([(cx, 250), (cx - 470, 820), (cx + 470, 820)], fill=c)
    for k in range(1, 9):
        y = 250 + k * 64
        half = 470 * (y - 250) / 570
        d.line([(cx - half, y), (cx + half, y)], fill=_mix(c, (0, 0, 0), 0.15), width=5)
    d.arc([cx - 260, 700, cx + 260, 1000], 0, 180, fill=a, width=16)


def _incense(d, c, a, rng):
    cx = SIZE // 2
    for ring in range(8, 0, -1):
        r = ring * 45
        d.ellipse([cx - r, 620 - r * 0.45, cx + r, 620 + r * 0.45], outline=c, width=22)
    for k in range(3):
        x = cx - 60 + k * 60
        d.line([(x, 560), (x + rng.randint(-40, 40), 260)], fill=_mix(a, (255, 255, 255), 0.5), width=6)


def _statue(d, c, a, rng):
    cx = SIZE // 2
    d.ellipse([cx - 110, 240, cx + 110, 460], fill=c)
    d.ellipse([cx - 300, 420, cx + 300, 900], fill=c)
    d.rectangle([cx - 340, 880, cx + 340, 960], fill=_mix(c, (0, 0, 0), 0.35))
    d.arc([cx - 60, 330, cx + 60, 410], 20, 160, fill=a, width=8)
    d.ellipse([cx - 90, 600, cx + 90, 780], outline=a, width=12)


def _packet(d, c, a, rng):
    d.polygon([(330, 300), (870, 300), (920, 950), (280, 950)], fill=c)
    d.polygon([(330, 300), (870, 300), (840, 230), (360, 230)], fill=_mix(c, (0, 0, 0), 0.3))
    d.rounded_rectangle([380, 480, 820, 760], 30, fill=_mix(c, (255, 255, 255), 0.8))
    d.ellipse([520, 540, 680, 700], fill=a)


def _tea(d, c, a, rng):
    d.rounded_rectangle([380, 320, 820, 950], 30, fill=c)
    d.rounded_rectangle([360, 260, 840, 360], 20, fill=_mix(c, (0, 0, 0), 0.3))
    for k in range(5):
        x, y = 470 + k * 65, 600 + (k % 2) * 60
        d.ellipse([x - 35, y - 60, x + 35, y + 60], fill=a)


def _bottle(d, c, a, rng):
    cx = SIZE // 2
    d.rounded_rectangle([cx - 190, 480, cx + 190, 980], 50, fill=c)
    d.polygon([(cx - 190, 520), (cx - 70, 340), (cx + 70, 340), (cx + 190, 520)], fill=c)
    d.rectangle([cx - 70, 200, cx + 70, 350], fill=c)
    d.rectangle([cx - 80, 180, cx + 80, 240], fill=_mix(c, (0, 0, 0), 0.35))
    d.rounded_rectangle([cx - 150, 620, cx + 150, 850], 20, fill=_mix(a, (255, 255, 255), 0.6))


def _fruit(d, c, a, rng):
    for k, (x, y, r) in enumerate(((480, 640, 230), (760, 680, 200), (620, 470, 180))):
        d.ellipse([x - r, y - r, x + r, y + r], fill=_mix(c, a, k * 0.25))
        d.ellipse([x - 20, y - r - 30, x + 40, y - r + 20], fill=_mix(c, (0, 0, 0), 0.4))


def _flower(d, c, a, rng):
    cx = SIZE // 2
    for k in range(7):
        x = cx - 240 + k * 80
        d.line([(x, 480), (cx, 960)], fill=(70, 120, 60), width=10)
    for k in range(7):
        x, y = cx - 240 + k * 80, 420 + rng.randint(-60, 60)
        for p in range(5):
            ang = 2 * math.pi * p / 5
            px, py = x + 45 * math.cos(ang), y + 45 * math.sin(ang)
            d.ellipse([px - 40, py - 40, px + 40, py + 40], fill=c)
        d.ellipse([x - 22, y - 22, x + 22, y + 22], fill=a)


def _tree(d, c, a, rng):
    cx = SIZE // 2
    d.polygon([(cx - 230, 880), (cx + 230, 880), (cx + 180, 1010), (cx - 180, 1010)], fill=(120, 70, 40))
    d.line([(cx, 880), (cx - 30, 620), (cx + 60, 420)], fill=(90, 60, 40), width=40)
    d.line([(cx - 30, 620), (cx - 250, 450)], fill=(90, 60, 40), width=24)
    for _ in range(40):
        x, y = rng.randint(cx - 380, cx + 380), rng.randint(230, 640)
        d.ellipse([x - 30, y - 30, x + 30, y + 30], fill=_mix(c, (255, 255, 255), rng.random() * 0.4))


def _fish(d, c, a, rng):
    for k, (x, y) in enumerate(((430, 520), (760, 760))):
        d.ellipse([x - 220, y - 110, x + 220, y + 110], fill=_mix(c, a, k * 0.5))
        d.polygon([(x + 200, y), (x + 360, y - 120), (x + 360, y + 120)], fill=_mix(c, a, k * 0.5))
        d.ellipse([x - 160, y - 40, x - 120, y], fill=(30, 30, 30))


def _ticket(d, c, a, rng):
    d.rounded_rectangle([180, 380, 1020, 820], 40, fill=c)
    d.line([(760, 400), (760, 800)], fill=_mix(c, (255, 255, 255), 0.6), width=8)
    d.ellipse([250, 450, 430, 630], fill=a)
    for k in range(3):
        d.rectangle([460, 470 + k * 70, 700, 500 + k * 70], fill=_mix(c, (255, 255, 255), 0.7))


SHAPES = {
    "vase": _vase, "jar": _jar, "teapot": _teapot, "plate": _plate, "bowl": _bowl, "mug": _mug, "lamp": _lamp,
    "scarf": _scarf, "tie": _tie, "bag": _bag, "fan": _fan, "shirt": _shirt, "box": _box, "painting": _painting,
    "tray": _tray, "basket": _basket, "hat": _hat, "incense": _incense, "statue": _statue, "packet": _packet,
    "tea": _tea, "bottle": _bottle, "fruit": _fruit, "flower": _flower, "tree": _tree, "fish": _fish,
    "ticket": _ticket,
}


def product_picture(key: str, shape: str, background, colour, label: str) -> bytes:
    """A 1200x1200 JPEG for a product: `key` seeds the details, `label` is printed
    on the badge (the product's initials)."""
    rng = random.Random(int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big"))
    accent = _mix(colour, (255, 214, 120), 0.55 + rng.random() * 0.3)
    image = _background(tuple(background), tuple(colour)).copy()
    draw = ImageDraw.Draw(image)
    draw.ellipse([280, 960, 920, 1060], fill=_mix(background, (0, 0, 0), 0.12))
    SHAPES.get(shape, _box)(draw, colour, accent, rng)
    draw.ellipse([60, 60, 300, 300], fill=colour, outline=_mix(colour, (255, 255, 255), 0.6), width=8)
    _badge_text(draw, (180, 180), label)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY)
    return buffer.getvalue()
