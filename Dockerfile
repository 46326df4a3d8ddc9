# One image for every service of the hub; docker-compose.yml picks the main class per service.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/hub/target/ahp-hub.jar /app/ahp-hub.jar
COPY --from=build /src/hub/target/lib /app/lib
# State the services write (connectors' checkpoints; the launcher's .hub-data) belongs to the runtime user.
RUN mkdir -p /var/lib/ahp-hub/connectors && chown -R 10001 /var/lib/ahp-hub /app
USER 10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
CMD ["java", "-jar", "/app/ahp-hub.jar"]
