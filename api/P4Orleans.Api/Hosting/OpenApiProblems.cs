using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using P4Orleans.Contracts;

namespace P4Orleans.Api.Hosting;

/// <summary>
/// Documents, for every operation of the OpenAPI document, the roles that may call it and each problem status it
/// can answer besides its success: 400 (bad input), 401 and 403 (authentication, role), 404 (an id in the route),
/// 409 (a command refused in the resource's state), 413 and 415 (a request body too large or of a wrong type) and
/// 503 (the database unavailable). Text fields get their maximum length from <see cref="InputLimits"/>.
/// </summary>
public static class OpenApiProblems
{
    private static readonly Dictionary<string, string> Meanings = new()
    {
        ["400"] = "Bad input: a problem with `errors` by field.",
        ["401"] = "No valid token, or the user is not registered and active.",
        ["403"] = "The user's roles do not allow this operation.",
        ["404"] = "No such resource (or not one the caller may see).",
        ["409"] = "Not allowed in the resource's current state, or a conflicting resubmission.",
        ["413"] = "The request body is larger than this operation accepts.",
        ["415"] = "The request body's content type is not accepted.",
        ["429"] = "Too many requests of this caller (its audience's rate limit, or its running bulk jobs); retry after the Retry-After delay.",
        ["503"] = "The database is unavailable; retry after the Retry-After delay.",
    };

    /// <summary>Adds the operation and schema transformers.</summary>
    public static OpenApiOptions AddProblemResponses(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddOperationTransformer(async (operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var anonymous = metadata.OfType<IAllowAnonymous>().Any();
            var roles = anonymous ? [] : await RolesAsync(metadata, context.ApplicationServices);
            var method = context.Description.HttpMethod ?? "GET";
            var route = context.Description.RelativePath ?? "";
            var statuses = new List<string>();
            if (operation.Parameters is { Count: > 0 } || operation.RequestBody is not null)
            {
                statuses.Add("400");
            }

            if (!anonymous)
            {
                statuses.AddRange(["401", "403"]);
            }

            if (route.Contains('{', StringComparison.Ordinal))
            {
                statuses.Add("404");
            }

            if (!anonymous && method is "POST" or "PUT" or "DELETE")
            {
                statuses.Add("409");
            }

            if (operation.RequestBody is not null)
            {
                statuses.AddRange(["413", "415"]);
            }

            if (!anonymous)
            {
                // Every authenticated group is rate limited per caller (Hosting/RateLimiting.cs).
                statuses.Add("429");
            }

            statuses.Add("503");
            operation.Responses ??= [];
            foreach (var status in statuses.Where(s => !operation.Responses.ContainsKey(s)))
            {
                operation.Responses[status] = Problem(Meanings[status]);
            }

            var who = anonymous ? "Anonymous." : roles.Count == 0 ? "Any registered, active user." : "Roles: " + string.Join(", ", roles) + ".";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? who : $"{operation.Description}\n\n{who}";
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { } property && property.PropertyType == typeof(string))
            {
                schema.MaxLength = InputLimits.TextLength(property.Name);
            }

            return Task.CompletedTask;
        });
        return options;
    }

    private static async Task<IReadOnlyList<string>> RolesAsync(IList<object> metadata, IServiceProvider services)
    {
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

    private static OpenApiResponse Problem(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new()
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["requestId"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["errors"] = new OpenApiSchema { Type = JsonSchemaType.Object },
                    },
                },
            },
        },
    };
}
