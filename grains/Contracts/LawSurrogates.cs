using P4Orleans.Law;

namespace P4Orleans.Contracts;

// The law engine knows nothing of Orleans, yet its ledger lines travel in the dossier views (AmountsView.Entries).
// Surrogates give them a codec and a copier here, without an Orleans attribute in the law engine and without
// changing the views' shape (their JSON over HTTP stays the same).

/// <summary>The wire form of a <see cref="LedgerEntry"/>.</summary>
[GenerateSerializer, Immutable]
public readonly record struct LedgerEntrySurrogate(
    [property: Id(0)] LedgerEntryKind Kind,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] long AmountCents,
    [property: Id(3)] DebtComponent? Component,
    [property: Id(4)] IReadOnlyList<Allocation>? Allocations,
    [property: Id(5)] long OverpaymentCents,
    [property: Id(6)] string? RuleVersionId,
    [property: Id(7)] string? Reference);

/// <summary>Converts ledger lines to and from their wire form.</summary>
[RegisterConverter]
public sealed class LedgerEntrySurrogateConverter : IConverter<LedgerEntry, LedgerEntrySurrogate>
{
    /// <inheritdoc />
    public LedgerEntry ConvertFromSurrogate(in LedgerEntrySurrogate surrogate) =>
        new(surrogate.Kind, surrogate.Date, surrogate.AmountCents, surrogate.Component, surrogate.Allocations,
            surrogate.OverpaymentCents, surrogate.RuleVersionId, surrogate.Reference);

    /// <inheritdoc />
    public LedgerEntrySurrogate ConvertToSurrogate(in LedgerEntry value) =>
        new(value.Kind, value.Date, value.AmountCents, value.Component, value.Allocations,
            value.OverpaymentCents, value.RuleVersionId, value.Reference);
}

/// <summary>The wire form of an <see cref="Allocation"/> (a payment's imputation on one component).</summary>
[GenerateSerializer, Immutable]
public readonly record struct AllocationSurrogate([property: Id(0)] DebtComponent Component, [property: Id(1)] long AmountCents);

/// <summary>Converts allocations to and from their wire form.</summary>
[RegisterConverter]
public sealed class AllocationSurrogateConverter : IConverter<Allocation, AllocationSurrogate>
{
    /// <inheritdoc />
    public Allocation ConvertFromSurrogate(in AllocationSurrogate surrogate) => new(surrogate.Component, surrogate.AmountCents);

    /// <inheritdoc />
    public AllocationSurrogate ConvertToSurrogate(in Allocation value) => new(value.Component, value.AmountCents);
}
