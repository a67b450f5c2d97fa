"""The partnership schema: one typed description of a partnership."""

from .base import Address, Person
from .contracts import HeadContract, Service, Subcontract, Term
from .data import DataFlow, InformationSharing
from .finance import RiskGainShare, SharedPot
from .governance import DecisionRule, Governance
from .history import Approval, Revision
from .overrides import ClauseOverride
from .parties import Commissioner, Observer, Provider
from .partnership import Alliance, DocumentInfo, Partnership, PartnershipInfo
from .performance import KPI, QualityGateway

__all__ = [
    "Address", "Alliance", "Approval", "ClauseOverride", "Commissioner", "DataFlow", "DecisionRule", "DocumentInfo",
    "Governance", "HeadContract", "InformationSharing", "KPI", "Observer", "Partnership",
    "PartnershipInfo", "Person", "Provider", "QualityGateway", "Revision", "RiskGainShare", "Service", "SharedPot",
    "Subcontract", "Term",
]
