"""A paper in Harvard style with the forms the issue names beside it, written for the
test (issue 18): a given name with the surname, an author named apart from the year,
``et\\nal.``, ``1980 [1922]`` after a possessive, ``Hg.``, a title used as author,
letters, corporate authors with a link and an access date, ``ibid.``."""

from __future__ import annotations

from kg.ingest.pipeline import analyse

TEXT = """Commons, Experts and the State

1 Introduction

Elinor Ostrom (1990: 8-18) showed that communities govern commons without a state.
As Corburn suggests in his study of street science, local knowledge matters
(2009, p. 54). Her critics (e.g. Hardin 1968; Ostrom et
al. 1999) disagreed on the scope. Weber's account of bureaucracy (1980 [1922]) still
frames the debate, and Habermas (1968) took it further; see also Luhmann (2000: 12) and, on the same page,
the reply (ibid., p. 14). The report Our Common Future (1987) made sustainability a policy goal.

The engineers were not alone. Veblen (1921) had already written on them, and
Akin (1977, pp. 64-70) traces the movement. The handbook (Hg. Kaube 2014) is useful.
Later work (Jasanoff 2004a, 2004b) examined co-production. The World Bank (2016)
report on digital dividends was optimistic; so was the OECD (2019).

References

Akin, W. E. (1977) Technocracy and the American Dream: The Technocrat Movement,
1900-1941. Berkeley: University of California Press.
Corburn, J. (2005) Street Science: Community Knowledge and Environmental Health Justice.
Cambridge, MA: MIT Press.
Corburn, J. (2009) Toward the Healthy City: People, Places, and the Politics of Urban
Planning. Cambridge, MA: MIT Press.
Habermas, J. (1968) Technik und Wissenschaft als 'Ideologie'. Frankfurt am Main:
Suhrkamp.
Hardin, G. (1968) 'The tragedy of the commons', Science, 162(3859), pp. 1243-1248.
Jasanoff, S. (ed.) (2004a) States of Knowledge: The Co-production of Science and Social
Order. London: Routledge.
Jasanoff, S. (2004b) 'Ordering knowledge, ordering society', in Jasanoff, S. (ed.)
States of Knowledge. London: Routledge, pp. 13-45.
Kaube, J. (Hg.) (2014) Die Welt der Experten. Berlin: Suhrkamp.
Luhmann, N. (2000) Die Politik der Gesellschaft. Frankfurt am Main: Suhrkamp.
OECD (2019) Going Digital: Shaping Policies, Improving Lives. Paris: OECD Publishing.
Ostrom, E. (1990) Governing the Commons: The Evolution of Institutions for Collective
Action. Cambridge: Cambridge University Press.
Ostrom, E., Burger, J., Field, C. B., Norgaard, R. B. and Policansky, D. (1999)
'Revisiting the commons: local lessons, global challenges', Science, 284(5412),
pp. 278-282.
Veblen, T. (1921) The Engineers and the Price System. New York: B. W. Huebsch.
Weber, M. (1980 [1922]) Wirtschaft und Gesellschaft. 5th edn. Tübingen: Mohr.
World Bank (2016) World Development Report 2016: Digital Dividends. Washington, DC:
World Bank. Available at: https://www.worldbank.org/en/publication/wdr2016 (Accessed:
3 March 2021).
World Commission on Environment and Development (1987) Our Common Future. Oxford:
Oxford University Press.
"""


def test_every_form_is_found_and_resolved():
    found = analyse(TEXT, doc_id="t", matcher=None)
    assert len(found.references) == 16
    pairs = zip(found.citations, found.resolutions, strict=True)
    assert [(" ".join(c.text.split()), r.reference) for c, r in pairs] == [
        ("Ostrom (1990: 8-18)", "ostrom1990governing"),
        ("2009, p. 54", "corburn2009toward"),
        ("Hardin 1968", "hardin1968tragedy"),
        ("Ostrom et al. 1999", "ostrom1999revisiting"),
        ("1980 [1922]", "weber1980wirtschaft"),
        ("Habermas (1968)", "habermas1968technik"),
        ("Luhmann (2000: 12)", "luhmann2000politik"),
        ("ibid., p. 14", "luhmann2000politik"),
        ("Our Common Future (1987)", "worldcommissiononenvironmentanddevelopment1987our"),
        ("Veblen (1921)", "veblen1921engineers"),
        ("Akin (1977, pp. 64-70)", "akin1977technocracy"),
        ("Kaube 2014", "kaube2014welt"),
        ("Jasanoff 2004a", "jasanoff2004states"),
        ("2004b", "jasanoff2004ordering"),
        ("World Bank (2016)", "worldbank2016world"),
        ("OECD (2019)", "oecd2019going"),
    ]
