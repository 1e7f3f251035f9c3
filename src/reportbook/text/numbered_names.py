"""Names that contain numerals but are not figures, as found in Chinese government reports.

``NUMBERED_NAMES`` maps each name to a one-line English reason.  The scanner in
:mod:`reportbook.text.scanner` turns every occurrence of a name that contains a numeral
character (a Chinese numeral or an Arabic digit) into one token of kind ``"name"`` whose
text is the whole name.  Names whose only "numeral" is 双 (e.g. 双招双引) are listed for
reference but never produce a token, because 双 is never read as a numeral.
"""
from __future__ import annotations

__all__ = ["NUMBERED_NAMES"]

NUMBERED_NAMES: dict[str, str] = {
    # Party congresses and plenary sessions
    "十八大": "the 18th National Congress of the CPC (a name)",
    "十九大": "the 19th National Congress of the CPC (a name)",
    "二十大": "the 20th National Congress of the CPC (a name)",
    "十八届": "the 18th Central Committee of the CPC (a name)",
    "十九届": "the 19th Central Committee of the CPC (a name)",
    "二十届": "the 20th Central Committee of the CPC (a name)",
    "一中全会": "the First Plenary Session of a Central Committee (a name)",
    "二中全会": "the Second Plenary Session of a Central Committee (a name)",
    "三中全会": "the Third Plenary Session of a Central Committee (a name)",
    "四中全会": "the Fourth Plenary Session of a Central Committee (a name)",
    "五中全会": "the Fifth Plenary Session of a Central Committee (a name)",
    "六中全会": "the Sixth Plenary Session of a Central Committee (a name)",
    "七中全会": "the Seventh Plenary Session of a Central Committee (a name)",
    # Five-year plans
    "十三五": "the 13th Five-Year Plan period 2016-2020 (a name)",
    "十四五": "the 14th Five-Year Plan period 2021-2025 (a name)",
    "十五五": "the 15th Five-Year Plan period 2026-2030 (a name)",
    # Political slogans and campaigns
    "一带一路": "the Belt and Road Initiative (a name)",
    "两个确立": "the 'Two Establishes' political slogan (a name)",
    "两个维护": "the 'Two Upholds' political slogan (a name)",
    "四个意识": "the 'Four Consciousnesses' political slogan (a name)",
    "四个自信": "the 'Four Confidences' political slogan (a name)",
    "四个全面": "the 'Four Comprehensives' strategic layout (a name)",
    "五位一体": "the 'Five-sphere Integrated Plan' (a name)",
    "三严三实": "the 'Three Stricts and Three Earnests' campaign (a name)",
    "两学一做": "the 'Two Studies, One Action' Party education campaign (a name)",
    "三会一课": "the 'three meetings and one lecture' Party branch routine (a name)",
    "三大攻坚战": "the 'three tough battles' (risk, poverty, pollution) (a name)",
    "六稳": "the 'six stabilities' economic policy (a name)",
    "六保": "the 'six guarantees' economic policy (a name)",
    "三农": "agriculture, rural areas and farmers, as a policy field (a name)",
    "三资": "rural collective funds, assets and resources, as a managed category (a name)",
    "四议两公开": "the 'four deliberations, two disclosures' village decision procedure (a name)",
    "两新组织": "new economic and new social organisations, as a Party-building category (a name)",
    "八五普法": "the 8th five-year legal education campaign (a name)",
    # Government programmes and service reforms
    "四好农村路": "the 'Four Good Rural Roads' programme (a name)",
    "门前三包": "the 'three responsibilities in front of the door' shop-front duty (a name)",
    "门前五包": "the 'five responsibilities in front of the door' shop-front duty (a name)",
    "一次办好": "the 'get it done in one visit' service reform (a name)",
    "一网通办": "the 'one network for all services' e-government platform (a name)",
    "一网统管": "the 'one network for city management' platform (a name)",
    "一村一品": "the 'one village, one product' programme (a name)",
    "一事一议": "the 'one matter, one deliberation' village funding procedure (a name)",
    "一老一小": "services for the elderly and for children, as a policy field (a name)",
    "五险一金": "the five social insurances and the housing fund (a name)",
    "三支一扶": "the graduate rural service programme 'three supports, one assistance' (a name)",
    "双随机一公开": "random inspection with public results, a supervision method (a name)",
    "双招双引": "the 'double attraction' drive for investment and talent (a name; 双 is not read as a numeral)",
    "二次供水": "secondary (tank-pumped) water supply, a utility term (a name)",
    # Awards, holidays, ratings
    "三八红旗手": "the 'March 8th Red-Banner Pacesetter' award for women (a name)",
    "五一劳动奖章": "the May Day Labour Medal (a name)",
    "五四": "the May Fourth (Youth Day) tradition (a name)",
    "七一": "1 July, the CPC founding anniversary (a name)",
    "八一": "1 August, the PLA founding anniversary (a name)",
    "3A级": "a tourist-site or enterprise rating (a name)",
    "4A级": "a tourist-site or enterprise rating (a name)",
    "5A级": "a tourist-site or enterprise rating (a name)",
    "5G": "fifth-generation mobile networks (a name)",
    # Chemistry
    "一氧化碳": "carbon monoxide (a chemical name)",
    "二氧化碳": "carbon dioxide (a chemical name)",
    "二氧化硫": "sulphur dioxide (a chemical name)",
    "二氧化氮": "nitrogen dioxide (a chemical name)",
}
