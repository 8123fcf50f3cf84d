using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MioKarte.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PatientLinking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks");

            migrationBuilder.AddColumn<DateOnly>(
                name: "LatestDataDate",
                table: "FacilityPatients",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EmergencyAccessGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    FacilityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisclosingFacilityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisclosingPatientId = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    StartedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmergencyAccessGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmergencyAccessGrants_Facilities_DisclosingFacilityId",
                        column: x => x.DisclosingFacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_EmergencyAccessGrants_Facilities_FacilityId",
                        column: x => x.FacilityId,
                        principalTable: "Facilities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks",
                columns: new[] { "FacilityId", "DisclosingFacilityId", "DisclosingPatientId" },
                unique: true,
                filter: "WithdrawnAtUtc IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccessGrants_DisclosingFacilityId",
                table: "EmergencyAccessGrants",
                column: "DisclosingFacilityId");

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccessGrants_FacilityId_StartedAtUtc",
                table: "EmergencyAccessGrants",
                columns: new[] { "FacilityId", "StartedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_EmergencyAccessGrants_UserId_ExpiresAtUtc",
                table: "EmergencyAccessGrants",
                columns: new[] { "UserId", "ExpiresAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EmergencyAccessGrants");

            migrationBuilder.DropIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks");

            migrationBuilder.DropColumn(
                name: "LatestDataDate",
                table: "FacilityPatients");

            migrationBuilder.CreateIndex(
                name: "IX_PatientLinks_FacilityId_DisclosingFacilityId_DisclosingPatientId",
                table: "PatientLinks",
                columns: new[] { "FacilityId", "DisclosingFacilityId", "DisclosingPatientId" });
        }
    }
}
