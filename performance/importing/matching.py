"""Which service or comparator a row's name is: services by name, case- and
punctuation-insensitive, "Barnsley" matching "Barnsley YJS" or "Barnsley Youth Justice
Service" when only one service is called that; the national figure ("England and Wales"), a
region by its name, "Statistical neighbours of X" for service X's statistical neighbours, and a
comparator family of the importing person's programmes by its name."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from accounts.enums import OrganisationKind
from accounts.models import Organisation, Region
from performance.enums import ComparatorKind

NATIONAL_NAMES = {"england and wales", "national", "england wales", "all services"}
_NEIGHBOURS = re.compile(r"(?:statistical neighbours?|stat neighbours?|sn)\s*(?:of|for|)\s+(.+)")
# What services' names end with, left out to compare the place alone.
_SUFFIXES = (
    "youth justice service",
    "youth justice services",
    "youth justice team",
    "youth offending team",
    "youth offending service",
    "childrens services",
    "children s services",
    "council",
    "yjs",
    "yot",
    "yos",
)
SERVICE_KINDS = (OrganisationKind.YOUTH_JUSTICE_SERVICE, OrganisationKind.CHILDRENS_SERVICES)


def name_key(name: str) -> str:
    """A name compared with others: casefolded, "&" as "and", punctuation left out."""
    text = name.casefold().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def place_key(name: str) -> str:
    """A service's name without what services' names end with ("Barnsley YJS": "barnsley")."""
    key = name_key(name)
    # "Calderbrook Council children's services": both "children's services" and "council".
    stripped = True
    while stripped:
        stripped = False
        for suffix in _SUFFIXES:
            if key.endswith(" " + suffix):
                key, stripped = key.removesuffix(" " + suffix), True
    return key


@dataclass(frozen=True)
class Area:
    """What a row is about: a service (organisation_id) or a comparator of a kind (national,
    a region's, a service's statistical neighbours, a programme's comparator family)."""

    organisation_id: int | None = None
    kind: str = ""
    region_id: int | None = None
    # The service whose statistical neighbours the comparator is.
    neighbours_of: int | None = None
    # The comparator family (kept already: a programme's coordinators define it).
    family_id: int | None = None
    name: str = ""

    @property
    def is_service(self) -> bool:
        return self.organisation_id is not None


@dataclass(frozen=True)
class Unmatched:
    """A name that is no service (`candidates` empty) or could be several."""

    candidates: tuple[str, ...] = ()


class Areas:
    """The services and regions, read once, to match a file's names against, and the
    comparator families (`families`: (pk, name, programme's name) of each) the person may
    import figures for."""

    def __init__(self, families: Iterable[tuple[int, str, str]] = ()) -> None:
        services = list(
            Organisation.objects.filter(kind__in=SERVICE_KINDS).values_list("pk", "name")
        )
        self.names = dict(services)
        self.by_name: dict[str, int] = {name_key(name): pk for pk, name in services}
        self.by_place: dict[str, list[int]] = {}
        for pk, name in services:
            self.by_place.setdefault(place_key(name), []).append(pk)
        self.regions = {name_key(name): pk for pk, name in Region.objects.values_list("pk", "name")}
        self.families: dict[str, list[tuple[int, str, str]]] = {}
        for pk, name, programme in families:
            self.families.setdefault(name_key(name), []).append((pk, name, programme))
        self._cache: dict[str, Area | Unmatched] = {}

    def service(self, name: str) -> int | Unmatched:
        key = name_key(name)
        if key in self.by_name:
            return self.by_name[key]
        found = self.by_place.get(place_key(name), [])
        if len(found) == 1:
            return found[0]
        return Unmatched(tuple(sorted(self.names[pk] for pk in found)))

    def match(self, name: str) -> Area | Unmatched:
        if name not in self._cache:
            self._cache[name] = self._match(name)
        return self._cache[name]

    def _match(self, name: str) -> Area | Unmatched:
        key = name_key(name)
        if key in NATIONAL_NAMES:
            return Area(kind=ComparatorKind.NATIONAL, name=name)
        if key in self.regions:
            return Area(kind=ComparatorKind.REGION, region_id=self.regions[key], name=name)
        if match := _NEIGHBOURS.fullmatch(key):
            found = self.service(match[1])
            if isinstance(found, Unmatched):
                return found
            return Area(
                kind=ComparatorKind.STATISTICAL_NEIGHBOURS,
                neighbours_of=found,
                name=name,
            )
        if key in self.families:
            found_families = self.families[key]
            if len(found_families) > 1:
                return Unmatched(
                    tuple(
                        sorted(f"{name} ({programme})" for _pk, name, programme in found_families)
                    )
                )
            pk, family_name, _programme = found_families[0]
            return Area(kind=ComparatorKind.FAMILY, family_id=pk, name=family_name)
        found = self.service(name)
        if isinstance(found, Unmatched):
            return found
        return Area(organisation_id=found, name=self.names[found])
