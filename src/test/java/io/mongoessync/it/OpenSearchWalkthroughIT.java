package io.mongoessync.it;

import io.mongoessync.embedded.SearchDistribution;

/**
 * The walkthrough on OpenSearch 2.19: its bulk answers lack the _type the sink's 7.x client needs,
 * which the sink restores; everything else (index setup, verify, the chart's aggregation) speaks plain REST.
 */
class OpenSearchWalkthroughIT extends OtherServerWalkthroughIT {

    @Override
    SearchDistribution distribution() {
        return SearchDistribution.OPENSEARCH_2;
    }
}
