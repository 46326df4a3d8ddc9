# One image for every service of the hub. Its default command is the LRS; docker-compose.yml (or any
# orchestrator) picks the service by main class:
#   org.ahphub.lrs.LrsMain                          xAPI LRS, port 8080
#   org.ahphub.mapper.MapperMain                    competency mapper, passports, sharing, port 8081
#   org.ahphub.connectors.http.ImportServerMain     connectors' upload service, port 8082
#   org.ahphub.hub.MigrateMain                      schema migrations, then exit (--check: only check)
# The development launcher (everything in one JVM on embedded PostgreSQL and Kafka) is not meant for a
# container: run it with `java -jar hub/target/ahp-hub.jar` on a workstation.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -DskipTests package

FROM eclipse-temurin:17-jre
# curl answers the health checks (docker-compose.yml).
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/hub/target/ahp-hub.jar /app/ahp-hub.jar
COPY --from=build /src/hub/target/lib /app/lib
# State the services write (connectors' checkpoints) belongs to the runtime user.
RUN mkdir -p /var/lib/ahp-hub/connectors && chown -R 10001 /var/lib/ahp-hub /app
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080 8081 8082
CMD ["java", "-cp", "/app/ahp-hub.jar", "org.ahphub.lrs.LrsMain"]
