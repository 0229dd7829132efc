namespace P4Orleans.Law;

/// <summary>A judicial arrondissement (art. 513 Judicial Code: a bailiff acts in the arrondissement of appointment).</summary>
/// <param name="Id">Stable identifier used in the postal table and in grain state.</param>
/// <param name="NameFr">French name.</param>
/// <param name="NameNl">Dutch name.</param>
public sealed record Arrondissement(string Id, string NameFr, string NameNl);

/// <summary>The 12 judicial arrondissements since 1 April 2014 (Halle-Vilvoorde belongs to Brussels).</summary>
public static class Arrondissements
{
    /// <summary>All twelve, by id.</summary>
    public static IReadOnlyList<Arrondissement> All { get; } =
    [
        new("antwerpen", "Anvers", "Antwerpen"),
        new("limburg", "Limbourg", "Limburg"),
        new("oost-vlaanderen", "Flandre orientale", "Oost-Vlaanderen"),
        new("west-vlaanderen", "Flandre occidentale", "West-Vlaanderen"),
        new("leuven", "Louvain", "Leuven"),
        new("brussels", "Bruxelles", "Brussel"),
        new("brabant-wallon", "Brabant wallon", "Waals-Brabant"),
        new("hainaut", "Hainaut", "Henegouwen"),
        new("liege", "Liège", "Luik"),
        new("namur", "Namur", "Namen"),
        new("luxembourg", "Luxembourg", "Luxemburg"),
        new("eupen", "Eupen", "Eupen"),
    ];

    /// <summary>The arrondissement with <paramref name="id"/>, or null.</summary>
    public static Arrondissement? Find(string id) =>
        All.FirstOrDefault(a => a.Id.Equals(id, StringComparison.OrdinalIgnoreCase));
}
