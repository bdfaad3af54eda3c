"""The ontology's terms as a closed rdflib namespace: a typo is an error, not a new IRI.

``TECH.Smartmentality`` is the IRI of a declared term; ``TECH.Smartmentalty`` raises.
A test checks that this list and ``ontology/technocracy.ttl`` declare the same terms.
``str(TECH)`` is the namespace itself. Where a name comes from data (a curated file, a
URL, a command's option) rather than from the code, :func:`tech_iri` makes its IRI
without asking for a declaration: an undeclared name there is the data's fault, which
the checks report, not the code's.

>>> str(TECH.HumanOnTheLoop)
'https://w3id.org/technocracy/ontology#HumanOnTheLoop'
>>> TECH.HumanOnTheLop
Traceback (most recent call last):
...
AttributeError: term 'HumanOnTheLop' not in namespace 'https://w3id.org/technocracy/ontology#'
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from kg.rdf.namespaces import ONTOLOGY_IRI

__all__ = ["TECH", "tech_iri"]


class TECH(DefinedNamespace):
    """Terms of ``https://w3id.org/technocracy/ontology#``."""

    _fail = True
    _NS = Namespace(ONTOLOGY_IRI + "#")

    # classes
    Academic: URIRef  # academic
    AcademicTechnocrat: URIRef  # academic technocrat
    AdvocacyCoalition: URIRef  # advocacy coalition
    AlgorithmicGovernance: URIRef  # algorithmic governance
    AlgorithmicSystem: URIRef  # algorithmic system
    AlgorithmicTechnocracy: URIRef  # algorithmic technocracy
    Anchor: URIRef  # anchor
    AutomatedManagement: URIRef  # automated management
    AutomatedManagementQuality: URIRef  # quality of automated management
    AutomatedManagementSystem: URIRef  # automated management system
    AutomatedTrafficControl: URIRef  # automated traffic control
    Bikeshare: URIRef  # bikeshare
    BuildingManagementSystem: URIRef  # building management system
    BuildingSensorNetwork: URIRef  # building sensor network
    Capture: URIRef  # capture
    CentralisedControlRoom: URIRef  # centralised control room
    ChangeManagementCivilServant: URIRef  # change-management civil servant
    ChiefDataOfficer: URIRef  # chief data officer
    ChiefInformationOfficer: URIRef  # chief information officer
    ChiefInnovationOfficer: URIRef  # chief innovation officer
    ChiefOfficer: URIRef  # chief officer
    ChiefTechnologyOfficer: URIRef  # chief technology officer
    CitationDiscrepancy: URIRef  # citation discrepancy
    CitizenCentricModel: URIRef  # citizen-centric model
    CitizenParticipationPerspective: URIRef  # citizen participation perspective
    CitizenSensing: URIRef  # citizen sensing
    City: URIRef  # city
    CityAdministration: URIRef  # city administration
    CityOperatingSystem: URIRef  # city operating system
    CivicApp: URIRef  # civic app
    CivicPaternalism: URIRef  # civic paternalism
    CivicStewardship: URIRef  # civic stewardship
    CivicTechBody: URIRef  # civic tech body
    CivilServant: URIRef  # civil servant
    CommunityGroup: URIRef  # community group
    CommunityOfPractice: URIRef  # community of practice
    CompactorBin: URIRef  # compactor bin
    Company: URIRef  # company
    Conference: URIRef  # conference
    Consultant: URIRef  # consultant
    Control: URIRef  # control
    ControlRegime: URIRef  # capture-and-control regime
    CoordinatedEmergencyResponse: URIRef  # coordinated emergency response system
    CorporateContract: URIRef  # corporate contract
    CorporatisationOfUrbanGovernance: URIRef  # corporatisation of urban governance
    DataCoordinator: URIRef  # data coordinator
    DataScientist: URIRef  # data scientist
    Democracy: URIRef  # democracy
    Deregulation: URIRef  # deregulation
    Designer: URIRef  # designer
    DigitalSurveillance: URIRef  # digital surveillance system
    DisciplinaryRegime: URIRef  # discipline-and-surveillance regime
    Discipline: URIRef  # discipline
    DynamicWasteCollection: URIRef  # dynamic routing and collection
    EGovernmentSystem: URIRef  # e-government system
    EnergyUsageApp: URIRef  # energy usage app
    Engineer: URIRef  # engineer
    EnvironmentalSensorNetwork: URIRef  # environmental sensor network
    EpistemicCommunity: URIRef  # epistemic community
    ExperimentalUrbanism: URIRef  # experimental urbanism
    ExpertAmateur: URIRef  # expert amateur
    ExpertKnowledge: URIRef  # expert knowledge
    FloodManagementSensorNetwork: URIRef  # flood management sensor network
    GeneralistCivilServant: URIRef  # generalist civil servant
    GovernanceArrangement: URIRef  # governance arrangement
    Governmentality: URIRef  # governmentality
    GovernmentalTechnique: URIRef  # governmental technique
    GovernmentDepartment: URIRef  # government department
    Hackathon: URIRef  # hackathon
    HumanInTheLoopSystem: URIRef  # human-in-the-loop system
    HumanOffTheLoopSystem: URIRef  # human-off-the-loop system
    HumanOnTheLoopSystem: URIRef  # human-on-the-loop system
    Ideology: URIRef  # ideology
    ImplementationProblem: URIRef  # implementation problem
    InstitutionalEntrepreneur: URIRef  # institutional entrepreneur
    InstrumentalRationality: URIRef  # instrumental rationality
    IntegratedTicketing: URIRef  # integrated ticketing
    IntelligentTransportSystem: URIRef  # intelligent transport system
    InterestGroup: URIRef  # interest group
    InternationalOrganization: URIRef  # international organisation
    ITProjectManager: URIRef  # IT project manager
    Jurisdiction: URIRef  # jurisdiction
    LandMovementSensorNetwork: URIRef  # land movement sensor network
    LastMileBarrier: URIRef  # last mile barrier
    Leasing: URIRef  # leasing
    LivingLab: URIRef  # living lab
    LobbyGroup: URIRef  # lobby group
    LocalAuthorityChiefExecutive: URIRef  # local authority chief executive
    LocalAuthorityInitiative: URIRef  # local-authority smart city initiative
    LogisticsManagement: URIRef  # logistics management system
    LoopMode: URIRef  # loop mode
    ManagementBoard: URIRef  # management board
    MarketCompetition: URIRef  # market competition
    Marketization: URIRef  # marketization
    MarketMechanism: URIRef  # market mechanism
    MarketProvision: URIRef  # market provision
    Mayor: URIRef  # mayor
    ModeOfGovernance: URIRef  # mode of governance
    Modulation: URIRef  # modulation
    NationalForum: URIRef  # national smart cities forum
    NeoliberalArgument: URIRef  # neoliberal argument
    NetworkingEvent: URIRef  # networking event
    NoiseSensorNetwork: URIRef  # noise sensor network
    NonGovernmentalOrganisation: URIRef  # non-governmental organisation
    Nudging: URIRef  # nudging
    OpenData: URIRef  # open data
    PartnerTier: URIRef  # partner tier
    PeerToPeerCollaboration: URIRef  # peer-to-peer collaboration
    PerformanceManagementSystem: URIRef  # performance management system
    Philanthropist: URIRef  # philanthropist
    PilotProject: URIRef  # pilot project
    Place: URIRef  # place
    PolicyMobility: URIRef  # policy mobility
    PolicyNetwork: URIRef  # policy network
    PolicySpecialist: URIRef  # policy specialist
    Politician: URIRef  # politician
    PollutionSensorNetwork: URIRef  # pollution sensor network
    PredictivePolicing: URIRef  # predictive policing system
    PrivateIndustry: URIRef  # private industry actor
    Privatization: URIRef  # privatization
    ProfessionalAssociation: URIRef  # professional association
    ProfessionalDevelopmentTraining: URIRef  # professional development training
    ProjectManager: URIRef  # project manager
    PublicPrivatePartnership: URIRef  # public-private partnership
    PublicProvision: URIRef  # public provision
    RealTimePassengerInformation: URIRef  # real-time passenger information
    ReportedFigure: URIRef  # reported figure
    ResearchInstitute: URIRef  # research institute
    Scale: URIRef  # scale
    ScientificAdvisoryBoard: URIRef  # scientific advisory board
    SensorNetwork: URIRef  # sensor network
    ServiceContract: URIRef  # service provision contract
    SmartAppliance: URIRef  # app-controlled smart appliance
    SmartCity: URIRef  # smart city
    SmartCityAdvisoryBoard: URIRef  # smart city advisory board
    SmartCityAdvocacyCoalition: URIRef  # smart city advocacy coalition
    SmartCityConsortium: URIRef  # smart city consortium
    SmartCityEpistemicCommunity: URIRef  # smart city epistemic community
    SmartCityEvent: URIRef  # smart city event
    SmartCityExpo: URIRef  # smart city expo
    SmartCityInitiative: URIRef  # smart city initiative
    SmartCityMission: URIRef  # smart city mission
    SmartCityMovement: URIRef  # smart city movement
    SmartCityProjectManager: URIRef  # smart city project manager
    SmartCityTechnology: URIRef  # smart city technology
    SmartGrid: URIRef  # smart grid
    SmartLighting: URIRef  # smart lighting
    Smartmentality: URIRef  # smartmentality
    SmartMeter: URIRef  # smart meter
    SmartParking: URIRef  # smart parking
    SmartTravelCard: URIRef  # smart travel card
    SocialContract: URIRef  # social contract
    SocialLearning: URIRef  # social learning
    SoftwareEngineer: URIRef  # software engineer
    Stakeholder: URIRef  # stakeholder
    Subjectification: URIRef  # subjectification
    SupraNationalBody: URIRef  # supra-national body
    SupraNationalProgramme: URIRef  # supra-national smart city programme
    Surveillance: URIRef  # surveillance
    TaskForce: URIRef  # task force
    TechnicalExpert: URIRef  # technical expert
    Technocracy: URIRef  # technocracy
    TechnocracyPillar: URIRef  # pillar of technocracy
    TechnologicalSolutionism: URIRef  # technological solutionism
    TestbedUrbanism: URIRef  # testbed urbanism
    TransportApp: URIRef  # transport app
    UbiquitousComputing: URIRef  # ubiquitous computing
    University: URIRef  # university
    UrbanBigData: URIRef  # urban big data
    UrbanDashboard: URIRef  # urban dashboard
    UrbanDomain: URIRef  # urban domain
    UrbanTechnocracy: URIRef  # urban technocracy
    UrbanTechnocrat: URIRef  # urban technocrat
    VestedInterestGroup: URIRef  # vested interest group
    VolunteeredData: URIRef  # volunteered data and hacks
    WeatherSensorNetwork: URIRef  # weather sensor network
    Workshop: URIRef  # workshop
    # object properties
    appliesToDomain: URIRef  # applies to domain
    broaderScaleThan: URIRef  # broader scale than
    employsTechnique: URIRef  # employs technique
    figureOf: URIRef  # figure of
    hasBarrier: URIRef  # has barrier
    hasDiscrepancy: URIRef  # has discrepancy
    hasLoopMode: URIRef  # has loop mode
    hasManagementQuality: URIRef  # has management quality
    hinders: URIRef  # hinders
    implementsGovernance: URIRef  # implements governance
    locatedIn: URIRef  # located in
    narrowerScaleThan: URIRef  # narrower scale than
    operatesAtScale: URIRef  # operates at scale
    restsOnPillar: URIRef  # rests on pillar
    # datatype properties
    figureValue: URIRef  # figure value
    measure: URIRef  # measure
    page: URIRef  # page
    pillarNumber: URIRef  # pillar number
    scaleRank: URIRef  # scale rank
    # annotation properties
    anchor: URIRef  # has anchor
    asOf: URIRef  # as of
    citationPrefix: URIRef  # citation prefix
    citedAs: URIRef  # cited as
    citedSurname: URIRef  # cited surname
    citedValue: URIRef  # cited value
    citedYear: URIRef  # cited year
    confidence: URIRef  # confidence
    cslItem: URIRef  # CSL item
    discrepancyKind: URIRef  # discrepancy kind
    firstPublished: URIRef  # first published
    launched: URIRef  # launched
    locator: URIRef  # locator
    markedAt: URIRef  # marked at
    narrativeCitation: URIRef  # narrative citation
    publishedValue: URIRef  # published value
    readingWarning: URIRef  # reading warning
    referencePosition: URIRef  # reference position
    resolutionConfidence: URIRef  # resolution confidence
    resolutionReason: URIRef  # resolution reason
    secondaryCitation: URIRef  # secondary citation
    sha256: URIRef  # SHA-256 digest
    smartCityEnactment: URIRef  # smart city enactment
    workKey: URIRef  # work key
    # individuals
    AbstractionPillar: URIRef  # abstraction and codification of knowledge
    ActorScheme: URIRef  # actors, communities and events
    AdvisorTier: URIRef  # advisor
    AssociatePartnerTier: URIRef  # associate partner
    AutomatedQuality: URIRef  # automated
    AutomaticQuality: URIRef  # automatic
    AutonomousQuality: URIRef  # autonomous
    BuildingsDomain: URIRef  # buildings
    CivicDomain: URIRef  # civic
    ContractScheme: URIRef  # contract and market concepts
    DemocraticDeficit: URIRef  # democratic deficit
    DisruptionAndResistance: URIRef  # disruption and resistance
    EnergyDomain: URIRef  # energy
    EnvironmentDomain: URIRef  # environment
    ExternalCritique: URIRef  # external critique
    FinanceAndReturnOnInvestment: URIRef  # finance and return on investment
    GlobalScale: URIRef  # global scale
    GovernmentalityScheme: URIRef  # governmentality concepts
    GovernmentDomain: URIRef  # government
    HomesDomain: URIRef  # homes
    HumanInTheLoop: URIRef  # human-in-the-loop
    HumanOffTheLoop: URIRef  # human-off-the-loop
    HumanOnTheLoop: URIRef  # human-on-the-loop
    ImmatureTechnology: URIRef  # immature technology
    ImpositionPillar: URIRef  # imposition of instrumental rationality on politics
    InfrastructureScheme: URIRef  # infrastructure terms
    InstitutionalInertia: URIRef  # institutional inertia
    InternalPolitics: URIRef  # internal politics
    LackOfTrust: URIRef  # lack of trust
    LastMileProblem: URIRef  # last mile problem
    LastMileScheme: URIRef  # last mile problem and barriers
    LeadPartnerTier: URIRef  # lead partner
    LegitimationPillar: URIRef  # legitimation of technocratic logics for generalists
    LocalScale: URIRef  # local scale
    LoopModeScheme: URIRef  # automation and loop modes
    NationalScale: URIRef  # national scale
    OrganisationScheme: URIRef  # organisation kinds and partner tiers
    PathDependency: URIRef  # path dependency
    PillarScheme: URIRef  # pillars of technocracy
    ScaleScheme: URIRef  # scale concepts
    SecurityAndEmergencyServicesDomain: URIRef  # security and emergency services
    SupraNationalScale: URIRef  # supra-national scale
    TechnocracyScheme: URIRef  # technocracy and governance concepts
    TechnologyScheme: URIRef  # smart city technologies and urban domains
    TransportDomain: URIRef  # transport
    WasteDomain: URIRef  # waste


def tech_iri(name: str) -> URIRef:
    """The IRI ``name`` has in the ontology's namespace, declared or not: for names that
    data gives (``TECH[name]`` for names the code gives).

    >>> tech_iri("Smartmentality") == TECH.Smartmentality, str(tech_iri("NotYetDeclared"))
    (True, 'https://w3id.org/technocracy/ontology#NotYetDeclared')
    """
    return URIRef(str(TECH) + name)
