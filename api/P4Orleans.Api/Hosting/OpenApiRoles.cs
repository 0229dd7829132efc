using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.OpenApi;

namespace P4Orleans.Api.Hosting;

/// <summary>
/// Who may call an operation, read from the endpoint's authorization metadata (the same metadata the pipeline
/// enforces, so the document cannot drift from the rule): anonymous, any registered and active user (the fallback
/// policy), or the roles of its policies and <c>[Authorize(Roles = ...)]</c>.
/// </summary>
public static class OpenApiRoles
{
    /// <summary>The extension listing the roles of an operation: role names, <c>*</c> for any registered, active user, empty when anonymous.</summary>
    public const string Extension = "x-roles";

    /// <summary>The value of <see cref="Extension"/> for an operation open to every registered, active user.</summary>
    public const string AnyUser = "*";

    /// <summary>The security scheme (bearer token) every non-anonymous operation requires.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>Whether the endpoint allows anonymous callers.</summary>
    public static bool IsAnonymous(IList<object> metadata) => metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>The roles the endpoint's policies require; empty when any authenticated user passes.</summary>
    public static async Task<IReadOnlyList<string>> RolesAsync(IList<object> metadata, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var roles = new List<string>();
        foreach (var item in metadata)
        {
            var policy = item switch
            {
                AuthorizationPolicy p => p,
                IAuthorizeData { Policy: { } name } => await policies.GetPolicyAsync(name),
                _ => null,
            };
            roles.AddRange(policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles) ?? []);
            if (item is IAuthorizeData { Roles: { } listed })
            {
                roles.AddRange(listed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return roles.Distinct().ToList();
    }

    /// <summary>Writes the roles into the operation: its description's last paragraph and <see cref="Extension"/>.</summary>
    public static void Describe(OpenApiOperation operation, bool anonymous, IReadOnlyList<string> roles)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var who = anonymous ? "Anonymous." : roles.Count == 0 ? "Any registered, active user." : "Roles: " + string.Join(", ", roles) + ".";
        operation.Description = string.IsNullOrEmpty(operation.Description) ? who : $"{operation.Description}\n\n{who}";
        IEnumerable<string> listed = anonymous ? [] : roles.Count == 0 ? [AnyUser] : roles;
        operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
        operation.Extensions[Extension] = new JsonNodeExtension(new JsonArray([.. listed.Select(r => (JsonNode)JsonValue.Create(r))]));
    }

    /// <summary>
    /// The bearer requirement on every operation that is not anonymous (<c>security: []</c> on those that are), once
    /// the document's components hold the scheme, so that a reference to it resolves.
    /// </summary>
    public static void RequireBearer(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var operation in document.Paths.Values.SelectMany(p => (IEnumerable<OpenApiOperation>?)p.Operations?.Values ?? []))
        {
            var anonymous = operation.Extensions?.TryGetValue(Extension, out var roles) == true
                && roles is JsonNodeExtension { Node: JsonArray { Count: 0 } };
            operation.Security = anonymous
                ? []
                : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
        }
    }
}
