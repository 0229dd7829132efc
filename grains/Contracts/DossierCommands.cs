namespace P4Orleans.Contracts;

/// <summary>A service reported by the bailiff.</summary>
/// <param name="Date">Date of service (the law date, Europe/Brussels).</param>
/// <param name="Mode">How it was served.</param>
/// <param name="PersonMet">The person the writ was handed to, if any (personal data: sealed).</param>
/// <param name="ActReference">The bailiff's act reference.</param>
[GenerateSerializer, Immutable]
public sealed record ServiceReport(DateOnly Date, ServiceMode Mode, string? PersonMet, string? ActReference = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>An opposition filed against the contrainte.</summary>
/// <param name="Kind">Summons or adversarial petition.</param>
/// <param name="FiledOn">Filing date.</param>
/// <param name="Court">The labour court seized (e.g. <c>Tribunal du travail de Liège</c>).</param>
[GenerateSerializer, Immutable]
public sealed record OppositionReport(OppositionKind Kind, DateOnly FiledOn, string Court)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>The labour court's decision on the opposition.</summary>
/// <param name="Outcome">Upheld, reduced or annulled.</param>
/// <param name="Date">Date of the judgment.</param>
/// <param name="ReducedToCents">For a reduction: the title's claim as fixed by the court, bailiff costs excluded.</param>
[GenerateSerializer, Immutable]
public sealed record JudgmentReport(JudgmentOutcome Outcome, DateOnly Date, long? ReducedToCents = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>An asset listed by the bailiff (personal data: sealed).</summary>
/// <param name="Description">What it is and where.</param>
/// <param name="EstimatedValueCents">The bailiff's estimate, if given.</param>
[GenerateSerializer, Immutable]
public sealed record SeizableAsset(string Description, long? EstimatedValueCents = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A seizure made by the bailiff.</summary>
/// <param name="Kind">Movable goods, garnishment or real estate.</param>
/// <param name="Nature">Conservatory or executory.</param>
/// <param name="Date">Date of the seizure.</param>
/// <param name="Assets">Assets seized or listed.</param>
/// <param name="ActReference">The bailiff's act reference.</param>
[GenerateSerializer, Immutable]
public sealed record SeizureReport(SeizureKind Kind, SeizureNature Nature, DateOnly Date, IReadOnlyList<SeizableAsset> Assets, string? ActReference = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A payment received by ONSS or collected by the bailiff.</summary>
/// <param name="AmountCents">Amount, strictly positive.</param>
/// <param name="Date">Payment date (selects the imputation rule).</param>
/// <param name="Source">ONSS or bailiff.</param>
/// <param name="Reference">The payment's reference (bank statement, receipt).</param>
[GenerateSerializer, Immutable]
public sealed record PaymentReport(long AmountCents, DateOnly Date, PaymentSource Source, string Reference)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>Payment terms granted by ONSS.</summary>
/// <param name="GrantedOn">Date granted.</param>
/// <param name="Instalments">Number of instalments.</param>
/// <param name="InstalmentCents">Amount of each instalment.</param>
/// <param name="FirstDueOn">Due date of the first instalment.</param>
[GenerateSerializer, Immutable]
public sealed record PaymentPlanTerms(DateOnly GrantedOn, int Instalments, long InstalmentCents, DateOnly FirstDueOn)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>Metadata of a document whose content the host stores.</summary>
/// <param name="DocumentId">The host's id of the content.</param>
/// <param name="Kind">What the document is.</param>
/// <param name="ContentType">Checked content type (application/pdf, image/tiff, image/png, image/jpeg).</param>
/// <param name="SizeBytes">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lowercase hex.</param>
[GenerateSerializer, Immutable]
public sealed record DocumentUpload(string DocumentId, DocumentKind Kind, string ContentType, long SizeBytes, string Sha256)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>What a dossier needs to know of an office an Operator chose by hand, read from the office itself.</summary>
/// <param name="OfficeId">The office's id.</param>
/// <param name="ArrondissementId">The arrondissement of its appointment (art. 513 Judicial Code).</param>
/// <param name="Status">Active, suspended or departed.</param>
[GenerateSerializer, Immutable]
public sealed record OfficeFacts(string OfficeId, string ArrondissementId, BailiffStatus Status)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}
