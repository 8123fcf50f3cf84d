using Hl7.Fhir.Model;

namespace MioKarte.DataCenter.Fhir;

/// <summary>The CapabilityStatement served at <c>/metadata</c>, generated from what the code accepts.</summary>
public static class Capabilities
{
    public static CapabilityStatement Create(string baseUrl)
    {
        var rest = new CapabilityStatement.RestComponent
        {
            Mode = CapabilityStatement.RestfulCapabilityMode.Server,
            Documentation = "Mutual TLS only: a client certificate chaining to the network CA and registered as a portal node or disclosing facility. "
                + "Portal nodes assert the end user in X-Acting-User and X-Acting-Facility; every read and search writes an AuditEvent.",
            Security = new CapabilityStatement.SecurityComponent
            {
                Service = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/restful-security-service", "Certificates")],
                Description = "TLS 1.2+ with client certificates (custom root trust = the network CA).",
            },
            Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction }],
        };
        var types = SearchQuery.Parameters.Keys.Where(k => k != SearchQuery.EverythingType).Append("Binary").Append("Bundle").Distinct();
        foreach (var type in types)
        {
            var resource = new CapabilityStatement.ResourceComponent
            {
                Type = type,
                Interaction = [new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Read }],
            };
            if (SearchQuery.Parameters.TryGetValue(type, out var parameters))
            {
                resource.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.SearchType });
                foreach (var name in parameters.Concat(["_count"]))
                {
                    resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent
                    {
                        Name = name,
                        Type = name switch
                        {
                            "date" => SearchParamType.Date,
                            "patient" or "composition" => SearchParamType.Reference,
                            "_count" => SearchParamType.Number,
                            "_sort" => SearchParamType.String,
                            _ => SearchParamType.Token,
                        },
                    });
                }
            }

            if (type == "Patient")
            {
                resource.Operation.Add(new CapabilityStatement.OperationComponent
                {
                    Name = "everything",
                    Definition = "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                    Documentation = "Parameters: start, end (clinical date), _since (last updated), _count.",
                });
            }

            if (type == "Composition")
            {
                resource.Operation.Add(new CapabilityStatement.OperationComponent
                {
                    Name = "document",
                    Definition = "http://hl7.org/fhir/OperationDefinition/Composition-document",
                    Documentation = "The FHIR document the Composition heads, as its facility sent it (GET only, persist not needed).",
                });
            }

            if (type == "Bundle")
            {
                resource.Interaction.Add(new CapabilityStatement.ResourceInteractionComponent { Code = CapabilityStatement.TypeRestfulInteraction.Create });
            }

            rest.Resource.Add(resource);
        }

        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = "2026-11-23",
            Kind = CapabilityStatementKind.Instance,
            Software = new CapabilityStatement.SoftwareComponent { Name = "MIO Karte reference data center" },
            Implementation = new CapabilityStatement.ImplementationComponent { Description = "MIO Karte reference data center", Url = baseUrl },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["application/fhir+json"],
            Rest = [rest],
        };
    }
}
