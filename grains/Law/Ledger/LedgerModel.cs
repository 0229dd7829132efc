using System.Text.Json.Serialization;

namespace P4Orleans.Law;

/// <summary>Components of a dossier's debt (art. 40, law of 27 June 1969, and the bailiff's costs).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DebtComponent>))]
public enum DebtComponent
{
    Contributions,
    ContributionSurcharges,
    LateInterest,
    FlatRateIndemnities,
    IndemnitySurcharges,
    Art30bis,
    Art30ter,
    BailiffCosts,
}

/// <summary>A charge adds to a component; a payment is imputed on components.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LedgerEntryKind>))]
public enum LedgerEntryKind
{
    Charge,
    Payment,
}

/// <summary>The part of a payment imputed on one component.</summary>
/// <param name="Component">The component.</param>
/// <param name="AmountCents">Cents imputed.</param>
[global::Orleans.GenerateSerializer, global::Orleans.Immutable]
public sealed record Allocation(
    [property: JsonPropertyName("component")] DebtComponent Component,
    [property: JsonPropertyName("amountCents")] long AmountCents)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>One line of the ledger, kept as the ledger's persisted form.</summary>
/// <param name="Kind">Charge or payment.</param>
/// <param name="Date">Date of the charge or payment.</param>
/// <param name="AmountCents">Amount, strictly positive.</param>
/// <param name="Component">Component charged (charges only).</param>
/// <param name="Allocations">How a payment was imputed (payments only).</param>
/// <param name="OverpaymentCents">Part of a payment left over once everything was paid.</param>
/// <param name="RuleVersionId">Imputation rule applied (payments only).</param>
/// <param name="Reference">Caller's reference (ONSS reference, bailiff act...).</param>
[global::Orleans.GenerateSerializer, global::Orleans.Immutable]
public sealed record LedgerEntry(
    [property: JsonPropertyName("kind")] LedgerEntryKind Kind,
    [property: JsonPropertyName("date")] DateOnly Date,
    [property: JsonPropertyName("amountCents")] long AmountCents,
    [property: JsonPropertyName("component")] DebtComponent? Component = null,
    [property: JsonPropertyName("allocations")] IReadOnlyList<Allocation>? Allocations = null,
    [property: JsonPropertyName("overpaymentCents")] long OverpaymentCents = 0,
    [property: JsonPropertyName("ruleVersionId")] string? RuleVersionId = null,
    [property: JsonPropertyName("reference")] string? Reference = null)
{
    // Its fields may hold personal data: a record prints only its type (logs, the runtime's messages).
    private bool PrintMembers(System.Text.StringBuilder builder) => false;
}

/// <summary>A dated version of the order in which payments are imputed.</summary>
public abstract class ImputationRule(string id, DateOnly validFrom) : RuleVersion(id, validFrom)
{
    /// <summary>Components in the order they are paid off; each is cleared before the next.</summary>
    public abstract IReadOnlyList<DebtComponent> Order { get; }
}

/// <summary>
/// Costs first (art. 40: costs are recovered before the debt), then late interest, then surcharges and
/// flat-rate indemnities, then principal (contributions, then art. 30bis and 30ter sums).
/// </summary>
public sealed class ImputationCostsInterestSurchargesPrincipal() : ImputationRule("imputation-costs-interest-surcharges-principal", DateOnly.MinValue)
{
    /// <inheritdoc />
    public override IReadOnlyList<DebtComponent> Order { get; } =
    [
        DebtComponent.BailiffCosts,
        DebtComponent.LateInterest,
        DebtComponent.ContributionSurcharges,
        DebtComponent.FlatRateIndemnities,
        DebtComponent.IndemnitySurcharges,
        DebtComponent.Contributions,
        DebtComponent.Art30bis,
        DebtComponent.Art30ter,
    ];
}

/// <summary>The imputation rule versions.</summary>
public static class ImputationRules
{
    /// <summary>Every version known to the engine.</summary>
    public static RuleSet<ImputationRule> Default { get; } = new([new ImputationCostsInterestSurchargesPrincipal()]);
}
